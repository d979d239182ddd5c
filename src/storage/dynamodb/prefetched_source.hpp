#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/dynamodb/rollup_table.hpp"
#include "storage/rollup_query.hpp"

namespace portfolio::storage::dynamodb {

// The pieces of one device's window (plan_query), fetched up front so that every call of a summary
// page or series runs in parallel; the shared window arithmetic then reads them from here.
class PrefetchedSource final : public RollupSource {
 public:
  PrefetchedSource(std::string device_id, const std::vector<WindowPiece>& pieces);

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

  friend Result<void> prefetch(RollupTable& table, std::span<PrefetchedSource> sources,
                               std::size_t parallelism);

  std::string device_id_;
  std::vector<Piece> pieces_;
};

// Fetches every piece of these sources. The hours are maps inside their day's item, a key known in
// advance, so the day items of every source's hour pieces are read together by BatchGetItem (up to
// 100 a call); the raw edges and whole days are one Query per piece. All these calls run at most
// `parallelism` at a time.
Result<void> prefetch(RollupTable& table, std::span<PrefetchedSource> sources, std::size_t parallelism);

}  // namespace portfolio::storage::dynamodb
