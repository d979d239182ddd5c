#include "storage/sqlite/fleet_queries.hpp"

#include "storage/position_token.hpp"
#include "storage/sqlite/sqlite_rows.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage::sqlite {
namespace {

// Device ids are ASCII below 0x7f ([A-Za-z0-9_.:-]), so every id with a prefix sorts before
// prefix + "\x7f": the prefix filter is a range of the primary key.
constexpr std::string_view kAfterEveryId = "\x7f";

// ?1 after, ?2..?3 the prefix range, ?4 online filter (NULL: none), ?5 online since, ?6 low battery
// only (0/1), ?7 its threshold, ?8 status (only in the status statement), ?9 rows.
#define PORTFOLIO_SQLITE_DEVICE_FILTER                     \
  " device_id > ?1 AND device_id >= ?2 AND device_id < ?3" \
  " AND (?4 IS NULL OR (timestamp_ms >= ?5) = ?4) AND (?6 = 0 OR battery_level < ?7)"
constexpr std::string_view kDevicesPage =
    "SELECT " PORTFOLIO_SQLITE_READING_COLUMNS " FROM devices WHERE" PORTFOLIO_SQLITE_DEVICE_FILTER
    " ORDER BY device_id LIMIT ?9";
// Walks the (status, device_id) index: only devices of that status are read.
constexpr std::string_view kDevicesPageByStatus =
    "SELECT " PORTFOLIO_SQLITE_READING_COLUMNS
    " FROM devices WHERE status = ?8 AND" PORTFOLIO_SQLITE_DEVICE_FILTER " ORDER BY device_id LIMIT ?9";
#undef PORTFOLIO_SQLITE_DEVICE_FILTER

Result<std::optional<std::string>> start_of(const domain::PageRequest& page) {
  if (!page.after) return std::optional<std::string>{std::string()};  // "" precedes every id
  auto position = parse_device_position(*page.after);
  if (!position) return invalid_position();
  return std::optional<std::string>{std::move(*position)};
}

}  // namespace

Result<domain::Page<domain::DeviceState>> list_devices(Connection& connection, const DeviceQuery& query,
                                                       std::size_t limit) {
  auto start = start_of(query.page);
  if (!start) return start.error();
  const auto& filter = query.filter;
  const std::string low = filter.prefix.value_or("");
  const std::string high =
      filter.prefix ? *filter.prefix + std::string(kAfterEveryId) : std::string(kAfterEveryId);
  return read_page<domain::DeviceState>(
      connection, filter.status ? kDevicesPageByStatus : kDevicesPage,
      [&](Statement& s) {
        s.bind(1, std::string_view(**start));
        s.bind(2, std::string_view(low));
        s.bind(3, std::string_view(high));
        if (filter.online) {
          s.bind(4, static_cast<std::int64_t>(*filter.online ? 1 : 0));
        } else {
          s.bind_null(4);
        }
        s.bind(5, filter.online_since_ms);
        s.bind(6, static_cast<std::int64_t>(filter.low_battery ? 1 : 0));
        s.bind(7, filter.low_battery_below);
        if (filter.status) s.bind(8, domain::to_string(*filter.status));
        s.bind(9, fetch_size(limit));
      },
      limit, [](const Statement& row) { return device_state_at(row, 0); },
      [](const domain::DeviceState& device) { return device_position(device.device_id); });
}

Result<domain::DeviceStats> device_stats(Connection& connection, const StatsQuery& query) {
  domain::DeviceStats stats;
  auto done = connection.query(
      "SELECT status, count(*), coalesce(sum(timestamp_ms >= ?1), 0), coalesce(sum(battery_level < ?2), 0)"
      " FROM devices GROUP BY status",
      [&](Statement& s) {
        s.bind(1, query.online_since_ms);
        s.bind(2, query.low_battery_below);
      },
      [&](const Statement& row) -> Result<bool> {
        auto status = device_status_at(row, 0, "(stats)");
        if (!status) return status.error();
        const auto n = row.int64_at(1);
        stats.devices += n;
        stats.online += row.int64_at(2);
        stats.low_battery += row.int64_at(3);
        switch (*status) {
          case domain::DeviceStatus::active:
            stats.active += n;
            break;
          case domain::DeviceStatus::inactive:
            stats.inactive += n;
            break;
          case domain::DeviceStatus::error:
            stats.error += n;
            break;
          case domain::DeviceStatus::maintenance:
            stats.maintenance += n;
            break;
        }
        return true;
      });
  if (!done) return done.error();
  return stats;
}

Result<domain::Page<domain::DeviceSummary>> summarize(Connection& connection, const SummaryQuery& query,
                                                      std::size_t limit) {
  auto start = start_of(query.page);
  if (!start) return start.error();
  // Devices that can have readings in the window: seen at or after its start, first seen by its end.
  std::vector<std::string> candidates;
  auto done = connection.query(
      query.device_id
          ? std::string_view("SELECT device_id FROM devices WHERE device_id = ?4 AND device_id > ?1"
                             " AND timestamp_ms >= ?2 AND first_seen_ms <= ?3")
          : std::string_view("SELECT device_id FROM devices WHERE device_id > ?1"
                             " AND timestamp_ms >= ?2 AND first_seen_ms <= ?3"
                             " ORDER BY device_id LIMIT ?5"),
      [&](Statement& s) {
        s.bind(1, std::string_view(**start));
        s.bind(2, query.from_ms);
        s.bind(3, query.to_ms);
        if (query.device_id) s.bind(4, std::string_view(*query.device_id));
        s.bind(5, fetch_size(limit));
      },
      [&](const Statement& row) -> Result<bool> {
        candidates.push_back(row.text_at(0));
        return true;
      });
  if (!done) return done.error();
  domain::Page<domain::DeviceSummary> page;
  if (candidates.size() > limit) {
    candidates.resize(limit);
    page.next = device_position(candidates.back());
  }
  SqliteRollupSource source(connection);
  for (const auto& device_id : candidates) {
    auto summary = summarize_device(source, device_id, query.from_ms, query.to_ms);
    if (!summary) return summary.error();
    if (*summary) page.items.push_back(std::move(**summary));
  }
  return page;
}

Result<std::vector<domain::SeriesBucket>> series(Connection& connection, const SeriesQuery& query) {
  bool known = false;
  auto done = connection.query(
      "SELECT 1 FROM devices WHERE device_id = ?1",
      [&](Statement& s) { s.bind(1, std::string_view(query.device_id)); },
      [&](const Statement&) -> Result<bool> {
        known = true;
        return false;
      });
  if (!done) return done.error();
  if (!known) return device_not_found();
  SqliteRollupSource source(connection);
  return series_of(source, query);
}

Result<std::vector<domain::Reading>> SqliteRollupSource::readings_between(std::string_view device_id,
                                                                          std::int64_t from_ms,
                                                                          std::int64_t to_ms) {
  std::vector<domain::Reading> out;
  auto done = connection_.query(
      "SELECT " PORTFOLIO_SQLITE_READING_VALUE_COLUMNS
      " FROM readings WHERE device_id = ?1 AND timestamp_ms >= ?2 AND timestamp_ms < ?3",
      [&](Statement& s) {
        s.bind(1, device_id);
        s.bind(2, from_ms);
        s.bind(3, to_ms);
      },
      [&](const Statement& row) -> Result<bool> {
        auto reading = device_reading_at(device_id, row, 0);
        if (!reading) return reading.error();
        out.push_back(std::move(*reading));
        return true;
      });
  if (!done) return done.error();
  return out;
}

Result<std::vector<domain::Rollup>> SqliteRollupSource::rollups_between(std::string_view device_id,
                                                                        RollupGrain grain,
                                                                        std::int64_t from_ms,
                                                                        std::int64_t to_ms) {
  std::vector<domain::Rollup> out;
  auto done = connection_.query(
      "SELECT start_ms, count, t_sum, t_min, t_max, h_sum, h_min, h_max, battery_min, latest_status, "
      "latest_ms"
      " FROM rollups WHERE device_id = ?1 AND grain = ?2 AND start_ms >= ?3 AND start_ms < ?4",
      [&](Statement& s) {
        s.bind(1, device_id);
        s.bind(2, static_cast<std::int64_t>(grain == RollupGrain::hour ? 0 : 1));
        s.bind(3, from_ms);
        s.bind(4, to_ms);
      },
      [&](const Statement& row) -> Result<bool> {
        domain::Rollup rollup;
        rollup.start_ms = row.int64_at(0);
        rollup.count = row.int64_at(1);
        rollup.temperature_sum = row.double_at(2);
        rollup.temperature_min = row.double_at(3);
        rollup.temperature_max = row.double_at(4);
        rollup.humidity_sum = row.double_at(5);
        rollup.humidity_min = row.double_at(6);
        rollup.humidity_max = row.double_at(7);
        rollup.battery_min = row.optional_double_at(8);
        auto status = device_status_at(row, 9, device_id);
        if (!status) return status.error();
        rollup.latest_status = *status;
        rollup.latest_ms = row.int64_at(10);
        out.push_back(rollup);
        return true;
      });
  if (!done) return done.error();
  return out;
}

}  // namespace portfolio::storage::sqlite
