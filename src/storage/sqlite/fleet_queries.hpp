#pragma once

#include <vector>

#include "domain/page.hpp"
#include "domain/rollup.hpp"
#include "storage/rollup_query.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/store.hpp"

namespace portfolio::storage::sqlite {

// The read side of fleet scale on one reader connection. Every page walks an index in device_id
// order from its position and stops after the page, so its cost does not grow with the fleet.
Result<domain::Page<domain::DeviceState>> list_devices(Connection& connection, const DeviceQuery& query,
                                                       std::size_t limit);
// One pass over the devices table (never over readings): O(devices).
Result<domain::DeviceStats> device_stats(Connection& connection, const StatsQuery& query);
Result<domain::Page<domain::DeviceSummary>> summarize(Connection& connection, const SummaryQuery& query,
                                                      std::size_t limit);
Result<std::vector<domain::SeriesBucket>> series(Connection& connection, const SeriesQuery& query);

// The raw readings and stored rollups of this connection, for the window arithmetic.
class SqliteRollupSource final : public RollupSource {
 public:
  explicit SqliteRollupSource(Connection& connection) : connection_(connection) {}
  Result<std::vector<domain::Reading>> readings_between(std::string_view device_id, std::int64_t from_ms,
                                                        std::int64_t to_ms) override;
  Result<std::vector<domain::Rollup>> rollups_between(std::string_view device_id, RollupGrain grain,
                                                      std::int64_t from_ms, std::int64_t to_ms) override;

 private:
  Connection& connection_;
};

}  // namespace portfolio::storage::sqlite
