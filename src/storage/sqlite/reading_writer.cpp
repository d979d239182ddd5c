#include "storage/sqlite/reading_writer.hpp"

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
    ", first_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?2) ON CONFLICT (device_id) DO UPDATE SET"
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

// Every SET expression sees the row as it was, so count and sums add one reading exactly.
constexpr std::string_view kRollupAdd =
    "INSERT INTO rollups (device_id, grain, start_ms, count, t_sum, t_min, t_max, h_sum, h_min, h_max,"
    " battery_min, latest_status, latest_ms) VALUES (?1, ?2, ?3, 1, ?4, ?4, ?4, ?5, ?5, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (device_id, grain, start_ms) DO UPDATE SET count = count + 1,"
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

Result<void> run(Connection& connection, std::string_view sql, const auto& bind) {
  return connection.execute(sql, bind);
}

Result<void> add_to_rollup(Connection& connection, const domain::Reading& reading, int grain,
                           std::int64_t start_ms) {
  return run(connection, kRollupAdd, [&](Statement& s) {
    s.bind(1, std::string_view(reading.device_id));
    s.bind(2, static_cast<std::int64_t>(grain));
    s.bind(3, start_ms);
    s.bind(4, reading.temperature);
    s.bind(5, reading.humidity);
    s.bind(6, reading.battery_level);
    s.bind(7, domain::to_string(reading.status));
    s.bind(8, reading.timestamp_ms);
  });
}

Result<void> rebuild(Connection& connection, std::string_view sql, std::string_view device_id,
                     std::int64_t start_ms, std::int64_t width_ms) {
  return run(connection, sql, [&](Statement& s) {
    s.bind(1, device_id);
    s.bind(2, start_ms);
    s.bind(3, start_ms + width_ms);
  });
}

}  // namespace

Result<void> write_reading(Connection& connection, const domain::Reading& reading) {
  const auto bind = [&](Statement& s) { bind_reading(s, 1, reading); };
  if (auto done = run(connection, kInsertNew, bind); !done) return done;
  const bool fresh = connection.changes() == 1;
  const auto hour = domain::bucket_start(reading.timestamp_ms, domain::kHourMs);
  const auto day = domain::bucket_start(reading.timestamp_ms, domain::kDayMs);
  if (fresh) {
    if (auto done = add_to_rollup(connection, reading, kHourGrain, hour); !done) return done;
    if (auto done = add_to_rollup(connection, reading, kDayGrain, day); !done) return done;
  } else {
    if (auto done = run(connection, kReplace, bind); !done) return done;
    if (auto done = rebuild(connection, kHourRebuild, reading.device_id, hour, domain::kHourMs); !done) {
      return done;
    }
    if (auto done = rebuild(connection, kDayRebuild, reading.device_id, day, domain::kDayMs); !done)
      return done;
  }
  return run(connection, kDeviceUpsert, bind);
}

}  // namespace portfolio::storage::sqlite
