#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace portfolio::domain {

// A bucket width of GET /metrics/{device_id}/series.
struct BucketChoice {
  std::string name;  // "1m" .. "1d"
  std::int64_t width_ms = 0;
};

inline constexpr std::int64_t kMaxSeriesBuckets = 1000;
inline constexpr std::int64_t kAutoSeriesBuckets = 500;

// The buckets over the inclusive window [from_ms, to_ms] with `width_ms`, aligned to the epoch.
std::int64_t buckets_in_window(std::int64_t from_ms, std::int64_t to_ms, std::int64_t width_ms);

// `name` is one of 1m, 5m, 15m, 1h, 6h, 1d or auto (the smallest width that gives at most 500
// buckets). A validation error on field `bucket` when the window would hold more than 1000 buckets.
Result<BucketChoice> choose_bucket(std::string_view name, std::int64_t from_ms, std::int64_t to_ms);

}  // namespace portfolio::domain
