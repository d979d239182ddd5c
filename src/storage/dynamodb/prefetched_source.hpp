#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storage/dynamodb/rollup_table.hpp"
#include "storage/rollup_query.hpp"

namespace portfolio::storage::dynamodb {

// The pieces of one device's window (plan_query), fetched up front so that every Query of a summary
// page or series runs in parallel; the shared window arithmetic then reads them from here.
class PrefetchedSource final : public RollupSource {
 public:
  PrefetchedSource(std::string device_id, const std::vector<WindowPiece>& pieces);

  std::size_t size() const { return pieces_.size(); }

  // Fetches piece i (one Query); pieces are independent, so they may be fetched in parallel.
  Result<void> fetch(RollupTable& table, std::size_t i);

  Result<std::vector<domain::Reading>> readings_between(std::string_view device_id, std::int64_t from_ms,
                                                        std::int64_t to_ms) override;
  Result<std::vector<domain::Rollup>> rollups_between(std::string_view device_id, RollupGrain grain,
                                                      std::int64_t from_ms, std::int64_t to_ms) override;

 private:
  struct Piece {
    WindowPiece window;
    std::vector<domain::Reading> readings;
    std::vector<domain::Rollup> rollups;
  };

  std::string device_id_;
  std::vector<Piece> pieces_;
};

}  // namespace portfolio::storage::dynamodb
