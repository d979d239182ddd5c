#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/rollup.hpp"
#include "storage/store.hpp"

namespace portfolio::storage {

enum class RollupGrain { hour, day };

// What a back end offers the shared window arithmetic below: raw readings for the partial edges of
// a window, and its stored rollups for the whole hours and days inside it.
class RollupSource {
 public:
  virtual ~RollupSource() = default;
  // The device's readings with from_ms <= timestamp < to_ms, in any order.
  virtual Result<std::vector<domain::Reading>> readings_between(std::string_view device_id,
                                                                std::int64_t from_ms, std::int64_t to_ms) = 0;
  // The device's stored rollups of one grain whose bucket starts in [from_ms, to_ms).
  virtual Result<std::vector<domain::Rollup>> rollups_between(std::string_view device_id, RollupGrain grain,
                                                              std::int64_t from_ms, std::int64_t to_ms) = 0;
};

// One piece of a window: where its aggregates come from.
struct WindowPiece {
  enum class Source { raw, hour, day } source = Source::raw;
  std::int64_t from_ms = 0;  // inclusive
  std::int64_t to_ms = 0;    // exclusive
};

// Splits the inclusive window [from_ms, to_ms] into raw edges, whole hours and (when `days`) whole
// UTC days, so that a 30-day window reads about 30 day rollups, 46 hour rollups and 2 partial hours of
// raw readings, instead of every reading.
std::vector<WindowPiece> plan_window(std::int64_t from_ms, std::int64_t to_ms, bool days);

// The pieces aggregate_window reads for a query of `bucket_ms` (0: a summary): one raw piece for
// buckets under an hour, else plan_window with days when the bucket is a whole number of days.
std::vector<WindowPiece> plan_query(std::int64_t from_ms, std::int64_t to_ms, std::int64_t bucket_ms);

// The device's aggregates over the inclusive window, in buckets of `bucket_ms` aligned to the epoch,
// oldest first, empty buckets left out. bucket_ms == 0: one aggregate for the whole window.
Result<std::vector<domain::Rollup>> aggregate_window(RollupSource& source, std::string_view device_id,
                                                     std::int64_t from_ms, std::int64_t to_ms,
                                                     std::int64_t bucket_ms);

// The summary of one device over the window; nullopt when it has no reading in it.
Result<std::optional<domain::DeviceSummary>> summarize_device(RollupSource& source,
                                                              std::string_view device_id,
                                                              std::int64_t from_ms, std::int64_t to_ms);

// series() for a back end: the buckets of the query.
Result<std::vector<domain::SeriesBucket>> series_of(RollupSource& source, const SeriesQuery& query);

// The rollup of the readings of one bucket, recomputed from scratch (stores that rebuild a bucket
// after a replaced reading).
domain::Rollup rollup_of(std::int64_t start_ms, const std::vector<domain::Reading>& readings);

}  // namespace portfolio::storage
