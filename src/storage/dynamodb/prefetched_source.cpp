#include "storage/dynamodb/prefetched_source.hpp"

#include <utility>

namespace portfolio::storage::dynamodb {

PrefetchedSource::PrefetchedSource(std::string device_id, const std::vector<WindowPiece>& pieces)
    : device_id_(std::move(device_id)) {
  for (const auto& window : pieces) pieces_.push_back({window, {}, {}});
}

Result<void> PrefetchedSource::fetch(RollupTable& table, std::size_t i) {
  auto& piece = pieces_[i];
  if (piece.window.source == WindowPiece::Source::raw) {
    auto readings = table.readings_between(device_id_, piece.window.from_ms, piece.window.to_ms);
    if (!readings) return readings.error();
    piece.readings = std::move(*readings);
    return {};
  }
  const auto grain = piece.window.source == WindowPiece::Source::hour ? RollupGrain::hour : RollupGrain::day;
  auto rollups = table.rollups_between(device_id_, grain, piece.window.from_ms, piece.window.to_ms);
  if (!rollups) return rollups.error();
  piece.rollups = std::move(*rollups);
  return {};
}

Result<std::vector<domain::Reading>> PrefetchedSource::readings_between(std::string_view /*device_id*/,
                                                                        std::int64_t from_ms,
                                                                        std::int64_t to_ms) {
  for (const auto& piece : pieces_) {
    if (piece.window.source == WindowPiece::Source::raw && piece.window.from_ms == from_ms &&
        piece.window.to_ms == to_ms)
      return piece.readings;
  }
  return domain::Error::internal("DynamoDB: a window piece was not fetched");
}

Result<std::vector<domain::Rollup>> PrefetchedSource::rollups_between(std::string_view /*device_id*/,
                                                                      RollupGrain grain, std::int64_t from_ms,
                                                                      std::int64_t to_ms) {
  const auto source = grain == RollupGrain::hour ? WindowPiece::Source::hour : WindowPiece::Source::day;
  for (const auto& piece : pieces_) {
    if (piece.window.source == source && piece.window.from_ms == from_ms && piece.window.to_ms == to_ms)
      return piece.rollups;
  }
  return domain::Error::internal("DynamoDB: a window piece was not fetched");
}

}  // namespace portfolio::storage::dynamodb
