#include "storage/sqlite/reading_writer.hpp"

#include <algorithm>

#include "domain/rollup.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace portfolio::storage::sqlite {
namespace {

constexpr int kHourGrain = 0;
constexpr int kDayGrain = 1;

// The device row follows the newest reading; an older reading arriving late leaves it alone (but
// may move first_seen back), and a replacement of the newest one (same timestamp) updates it.
#define PORTFOLIO_SQLITE_NEWER(column)                                                          \
  " " column " = CASE WHEN excluded.timestamp_ms >= devices.timestamp_ms THEN excluded." column \
  " ELSE devices." column " END"
constexpr std::string_view kDeviceUpsert =
    "INSERT INTO devices (" PORTFOLIO_SQLITE_READING_COLUMNS
    ", first_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (device_id) DO UPDATE SET"
    PORTFOLIO_SQLITE_NEWER("temperature") "," PORTFOLIO_SQLITE_NEWER("humidity") "," PORTFOLIO_SQLITE_NEWER(
        "status") "," PORTFOLIO_SQLITE_NEWER("battery_level") "," PORTFOLIO_SQLITE_NEWER("location")
    ", timestamp_ms = max(devices.timestamp_ms, excluded.timestamp_ms),"
    " first_seen_ms = min(devices.first_seen_ms, excluded.first_seen_ms)";
#undef PORTFOLIO_SQLITE_NEWER

constexpr std::string_view kInsertNew = "INSERT INTO readings (" PORTFOLIO_SQLITE_READING_COLUMNS
                                        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
constexpr std::string_view kReplace =
    "UPDATE readings SET temperature = ?3, humidity = ?4, status = ?5, battery_level = ?6, location = ?7"
    " WHERE device_id = ?1 AND timestamp_ms = ?2";

// Adds the aggregates of a batch's new readings in one bucket. Every SET expression sees the row as
// it was, so count and sums add exactly.
constexpr std::string_view kRollupAdd =
    "INSERT INTO rollups (device_id, grain, start_ms, count, t_sum, t_min, t_max, h_sum, h_min, h_max,"
    " battery_min, latest_status, latest_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    " ON CONFLICT (device_id, grain, start_ms) DO UPDATE SET count = count + excluded.count,"
    " t_sum = t_sum + excluded.t_sum, t_min = min(t_min, excluded.t_min), t_max = max(t_max, excluded.t_max),"
    " h_sum = h_sum + excluded.h_sum, h_min = min(h_min, excluded.h_min), h_max = max(h_max, excluded.h_max),"
    " battery_min = coalesce(min(battery_min, excluded.battery_min), battery_min, excluded.battery_min),"
    " latest_status = CASE WHEN excluded.latest_ms >= latest_ms THEN excluded.latest_status"
    " ELSE latest_status END, latest_ms = max(latest_ms, excluded.latest_ms)";

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
  return run(connection, kRollupAdd, [&](Statement& s) {
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
  });
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
    hours_rebuilt_.insert(hour);
    days_rebuilt_.insert(day);
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
    if (auto done = run(connection_, kDeviceUpsert, bound); !done) return done;
  }
  hours_added_.clear();
  days_added_.clear();
  hours_rebuilt_.clear();
  days_rebuilt_.clear();
  devices_.clear();
  return {};
}

}  // namespace portfolio::storage::sqlite
