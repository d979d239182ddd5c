#include "storage/sqlite/reading_writer.hpp"

#include <algorithm>

#include "domain/rollup.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace portfolio::storage::sqlite {
namespace {

constexpr int kHourGrain = 0;
constexpr int kDayGrain = 1;

// The device row follows the newest reading, and of two with one timestamp the later one (it replaced
// the other). The common case, a newer reading of a known device whose status did not change, is one
// UPDATE that leaves status out, so that the by_status index is not rewritten; a changed status takes
// a second UPDATE. When neither changes a row the device is new, or the reading is older than its
// newest: then only first_seen may move back.
#define PORTFOLIO_SQLITE_DEVICE_ADVANCE(status_set, status_condition)   \
  "UPDATE devices SET " status_set                                      \
  "temperature = ?3, humidity = ?4, battery_level = ?6, location = ?7," \
  " timestamp_ms = ?2, first_seen_ms = min(first_seen_ms, ?8)"          \
  " WHERE device_id = ?1 AND timestamp_ms <= ?2" status_condition
constexpr std::string_view kDeviceAdvanceSameStatus = PORTFOLIO_SQLITE_DEVICE_ADVANCE("", " AND status = ?5");
constexpr std::string_view kDeviceAdvance = PORTFOLIO_SQLITE_DEVICE_ADVANCE("status = ?5, ", "");
#undef PORTFOLIO_SQLITE_DEVICE_ADVANCE
constexpr std::string_view kDeviceInsert =
    "INSERT INTO devices (" PORTFOLIO_SQLITE_READING_COLUMNS
    ", first_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (device_id) DO UPDATE SET"
    " first_seen_ms = min(devices.first_seen_ms, excluded.first_seen_ms)";

constexpr std::string_view kInsertNew = "INSERT INTO readings (" PORTFOLIO_SQLITE_READING_COLUMNS
                                        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
// Changes no row when the stored reading is the same (a client's retry, the common resend): then
// nothing that the rollups count has changed, and its hour is not rebuilt.
constexpr std::string_view kReplace =
    "UPDATE readings SET temperature = ?3, humidity = ?4, status = ?5, battery_level = ?6, location = ?7"
    " WHERE device_id = ?1 AND timestamp_ms = ?2 AND (temperature IS NOT ?3 OR humidity IS NOT ?4"
    " OR status IS NOT ?5 OR battery_level IS NOT ?6 OR location IS NOT ?7)";

// Adds the aggregates of a batch's new readings to a stored bucket: every SET expression sees the row
// as it was, so count and sums add exactly. When it changes no row the bucket is new, and inserted:
// the one writer holds the transaction, so nothing can insert it in between. (Cheaper than an upsert,
// which builds the row to insert and probes for the conflict before it updates.)
constexpr std::string_view kRollupUpdate =
    "UPDATE rollups SET count = count + ?4, t_sum = t_sum + ?5, t_min = min(t_min, ?6),"
    " t_max = max(t_max, ?7), h_sum = h_sum + ?8, h_min = min(h_min, ?9), h_max = max(h_max, ?10),"
    " battery_min = coalesce(min(battery_min, ?11), battery_min, ?11),"
    " latest_status = CASE WHEN ?13 >= latest_ms THEN ?12 ELSE latest_status END,"
    " latest_ms = max(latest_ms, ?13) WHERE device_id = ?1 AND grain = ?2 AND start_ms = ?3";
constexpr std::string_view kRollupInsert =
    "INSERT INTO rollups (device_id, grain, start_ms, count, t_sum, t_min, t_max, h_sum, h_min, h_max,"
    " battery_min, latest_status, latest_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

// Rebuilds one hour from the raw readings (?1 device, ?2 start, ?3 end).
constexpr std::string_view kHourRebuild =
    "INSERT OR REPLACE INTO rollups SELECT ?1, 0, ?2, count(*), sum(temperature), min(temperature),"
    " max(temperature), sum(humidity), min(humidity), max(humidity), min(battery_level),"
    " (SELECT l.status FROM readings AS l WHERE l.device_id = ?1 AND l.timestamp_ms >= ?2"
    " AND l.timestamp_ms < ?3 ORDER BY l.timestamp_ms DESC LIMIT 1), max(timestamp_ms)"
    " FROM readings WHERE device_id = ?1 AND timestamp_ms >= ?2 AND timestamp_ms < ?3";
// Rebuilds one day from its hour rollups.
constexpr std::string_view kDayRebuild =
    "INSERT OR REPLACE INTO rollups SELECT ?1, 1, ?2, sum(count), sum(t_sum), min(t_min), max(t_max),"
    " sum(h_sum), min(h_min), max(h_max), min(battery_min),"
    " (SELECT l.latest_status FROM rollups AS l WHERE l.device_id = ?1 AND l.grain = 0"
    " AND l.start_ms >= ?2 AND l.start_ms < ?3 ORDER BY l.latest_ms DESC LIMIT 1), max(latest_ms)"
    " FROM rollups WHERE device_id = ?1 AND grain = 0 AND start_ms >= ?2 AND start_ms < ?3";

using BucketKey = ReadingWriter::BucketKey;

Result<void> run(Connection& connection, std::string_view sql, const auto& bind) {
  return connection.execute(sql, bind);
}

Result<void> add_to_rollup(Connection& connection, const BucketKey& key, int grain,
                           const domain::Rollup& sum) {
  const auto bind = [&](Statement& s) {
    s.bind(1, key.first);
    s.bind(2, static_cast<std::int64_t>(grain));
    s.bind(3, key.second);
    s.bind(4, sum.count);
    s.bind(5, sum.temperature_sum);
    s.bind(6, sum.temperature_min);
    s.bind(7, sum.temperature_max);
    s.bind(8, sum.humidity_sum);
    s.bind(9, sum.humidity_min);
    s.bind(10, sum.humidity_max);
    s.bind(11, sum.battery_min);
    s.bind(12, domain::to_string(sum.latest_status));
    s.bind(13, sum.latest_ms);
  };
  if (auto done = run(connection, kRollupUpdate, bind); !done || connection.changes() == 1) return done;
  return run(connection, kRollupInsert, bind);
}

Result<void> rebuild(Connection& connection, std::string_view sql, const BucketKey& key,
                     std::int64_t width_ms) {
  return run(connection, sql, [&](Statement& s) {
    s.bind(1, key.first);
    s.bind(2, key.second);
    s.bind(3, key.second + width_ms);
  });
}

// Adds the new readings' sums to every bucket that is not rebuilt, then rebuilds the others.
Result<void> apply(Connection& connection, const std::map<BucketKey, domain::Rollup>& added,
                   const std::set<BucketKey>& rebuilt, int grain, std::string_view rebuild_sql,
                   std::int64_t width_ms) {
  for (const auto& [key, sum] : added) {
    if (rebuilt.contains(key)) continue;  // the rebuild counts these readings from the raw rows
    if (auto done = add_to_rollup(connection, key, grain, sum); !done) return done;
  }
  for (const auto& key : rebuilt) {
    if (auto done = rebuild(connection, rebuild_sql, key, width_ms); !done) return done;
  }
  return {};
}

}  // namespace

Result<void> ReadingWriter::write(const domain::Reading& reading) {
  const auto bind = [&](Statement& s) { bind_reading(s, 1, reading); };
  if (auto done = run(connection_, kInsertNew, bind); !done) return done;
  const bool fresh = connection_.changes() == 1;
  const BucketKey hour{reading.device_id, domain::bucket_start(reading.timestamp_ms, domain::kHourMs)};
  const BucketKey day{reading.device_id, domain::bucket_start(reading.timestamp_ms, domain::kDayMs)};
  if (fresh) {
    hours_added_[hour].add(reading);
    days_added_[day].add(reading);
  } else {
    if (auto done = run(connection_, kReplace, bind); !done) return done;
    if (connection_.changes() == 1) {
      hours_rebuilt_.insert(hour);
      days_rebuilt_.insert(day);
    }
  }
  auto [device, first] = devices_.try_emplace(reading.device_id, Device{&reading, reading.timestamp_ms});
  if (!first) {
    // The newest reading wins, and of two with one timestamp the later one (it replaced the other).
    if (reading.timestamp_ms >= device->second.newest->timestamp_ms) device->second.newest = &reading;
    device->second.first_seen_ms = std::min(device->second.first_seen_ms, reading.timestamp_ms);
  }
  return {};
}

Result<void> ReadingWriter::finish() {
  // Hours before days: a rebuilt day sums its hour rollups, which must be current.
  if (auto done = apply(connection_, hours_added_, hours_rebuilt_, kHourGrain, kHourRebuild, domain::kHourMs);
      !done) {
    return done;
  }
  if (auto done = apply(connection_, days_added_, days_rebuilt_, kDayGrain, kDayRebuild, domain::kDayMs);
      !done)
    return done;
  for (const auto& entry : devices_) {
    const Device& device = entry.second;
    auto bound = [&device](Statement& s) {
      bind_reading(s, 1, *device.newest);
      s.bind(8, device.first_seen_ms);
    };
    if (auto done = run(connection_, kDeviceAdvanceSameStatus, bound); !done) return done;
    if (connection_.changes() == 1) continue;
    if (auto done = run(connection_, kDeviceAdvance, bound); !done) return done;
    if (connection_.changes() == 1) continue;
    if (auto done = run(connection_, kDeviceInsert, bound); !done) return done;
  }
  hours_added_.clear();
  days_added_.clear();
  hours_rebuilt_.clear();
  days_rebuilt_.clear();
  devices_.clear();
  return {};
}

}  // namespace portfolio::storage::sqlite
