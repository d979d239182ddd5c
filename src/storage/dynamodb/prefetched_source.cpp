#include "storage/dynamodb/prefetched_source.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <map>
#include <utility>

#include "storage/dynamodb/bounded_parallel.hpp"

namespace portfolio::storage::dynamodb {
namespace {

using DayKey = RollupTable::DayKey;

// The day items an hour piece reads: every day it touches (one or two for a summary; a series of
// hour buckets has one piece across its whole window).
void add_days(const std::string& device_id, const WindowPiece& piece, std::vector<DayKey>& keys) {
  for (auto day = domain::bucket_start(piece.from_ms, domain::kDayMs); day < piece.to_ms;
       day += domain::kDayMs) {
    keys.push_back({device_id, day});
  }
}

}  // namespace

PrefetchedSource::PrefetchedSource(std::string device_id, const std::vector<WindowPiece>& pieces)
    : device_id_(std::move(device_id)) {
  for (const auto& window : pieces) pieces_.push_back({window, {}, {}});
}

Result<void> prefetch(RollupTable& table, std::span<PrefetchedSource> sources, std::size_t parallelism) {
  std::vector<DayKey> keys;                                  // the day items of every hour piece
  std::vector<std::pair<std::size_t, std::size_t>> queries;  // (source, piece): one Query each
  for (std::size_t s = 0; s < sources.size(); ++s) {
    for (std::size_t p = 0; p < sources[s].pieces_.size(); ++p) {
      const auto& window = sources[s].pieces_[p].window;
      if (window.source == WindowPiece::Source::hour) {
        add_days(sources[s].device_id_, window, keys);
      } else {
        queries.emplace_back(s, p);
      }
    }
  }
  std::sort(keys.begin(), keys.end());  // BatchGetItem refuses a key named twice
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const std::size_t batches = (keys.size() + RollupTable::kBatchGetLimit - 1) / RollupTable::kBatchGetLimit;
  std::vector<std::vector<boost::json::object>> fetched(batches);
  const auto run = [&](std::size_t task) -> Result<void> {
    if (task < batches) {
      const auto first = task * RollupTable::kBatchGetLimit;
      const std::span<const DayKey> chunk(keys.data() + first,
                                          std::min(RollupTable::kBatchGetLimit, keys.size() - first));
      auto items = table.get_days(chunk);
      if (!items) return items.error();
      fetched[task] = std::move(*items);
      return {};
    }
    const auto [s, p] = queries[task - batches];
    auto& piece = sources[s].pieces_[p];
    if (piece.window.source == WindowPiece::Source::raw) {
      auto readings = table.readings_between(sources[s].device_id_, piece.window.from_ms, piece.window.to_ms);
      if (!readings) return readings.error();
      piece.readings = std::move(*readings);
      return {};
    }
    auto rollups = table.day_rollups(sources[s].device_id_, piece.window.from_ms, piece.window.to_ms);
    if (!rollups) return rollups.error();
    piece.rollups = std::move(*rollups);
    return {};
  };
  if (auto ran = run_bounded_parallel(batches + queries.size(), parallelism, run); !ran) return ran.error();

  std::map<DayKey, boost::json::object> days;
  for (auto& chunk : fetched) {
    for (auto& item : chunk) {
      if (auto key = RollupTable::day_key_of(item)) days.emplace(std::move(*key), std::move(item));
    }
  }
  for (auto& source : sources) {
    for (auto& piece : source.pieces_) {
      if (piece.window.source != WindowPiece::Source::hour) continue;
      std::vector<DayKey> needed;
      add_days(source.device_id_, piece.window, needed);
      for (const auto& key : needed) {
        const auto item = days.find(key);
        if (item == days.end()) continue;  // no reading that day
        auto hours =
            RollupTable::hours_of(item->second, piece.window.from_ms, piece.window.to_ms, piece.rollups);
        if (!hours) return hours.error();
      }
    }
  }
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
