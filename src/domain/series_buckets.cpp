#include "domain/series_buckets.hpp"

#include <array>
#include <utility>

#include "domain/rollup.hpp"

namespace portfolio::domain {
namespace {

constexpr std::array<std::pair<std::string_view, std::int64_t>, 6> kWidths{{{"1m", kMinuteMs},
                                                                            {"5m", 5 * kMinuteMs},
                                                                            {"15m", 15 * kMinuteMs},
                                                                            {"1h", kHourMs},
                                                                            {"6h", 6 * kHourMs},
                                                                            {"1d", kDayMs}}};

}  // namespace

std::int64_t buckets_in_window(std::int64_t from_ms, std::int64_t to_ms, std::int64_t width_ms) {
  if (from_ms > to_ms) return 0;
  return (bucket_start(to_ms, width_ms) - bucket_start(from_ms, width_ms)) / width_ms + 1;
}

Result<BucketChoice> choose_bucket(std::string_view name, std::int64_t from_ms, std::int64_t to_ms) {
  if (name == "auto") {
    for (const auto& [width_name, width] : kWidths) {
      if (buckets_in_window(from_ms, to_ms, width) <= kAutoSeriesBuckets) {
        return BucketChoice{std::string(width_name), width};
      }
    }
    name = "1d";  // a window of more than 500 days: the widest bucket, within the limit or not
  }
  for (const auto& [width_name, width] : kWidths) {
    if (width_name != name) continue;
    const auto buckets = buckets_in_window(from_ms, to_ms, width);
    if (buckets > kMaxSeriesBuckets) {
      return Error::field(
          "bucket", "gives " + std::to_string(buckets) + " buckets in the window, more than " +
                        std::to_string(kMaxSeriesBuckets) + "; choose a wider bucket or a shorter window");
    }
    return BucketChoice{std::string(width_name), width};
  }
  return Error::field("bucket", "must be one of 1m, 5m, 15m, 1h, 6h, 1d, auto");
}

}  // namespace portfolio::domain
