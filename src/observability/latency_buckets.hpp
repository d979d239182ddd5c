#pragma once

#include <array>
#include <cstddef>

namespace portfolio::observability {

// Fixed logarithmic buckets for request latencies. CloudWatch accepts at most 100 distinct values per
// metric in one EMF document, so latencies are folded into 100 buckets whose edges grow by a constant
// ratio (about 17 %) from 10 us to 60 s: every bucket's representative value is within about 8 % of any
// latency that falls into it, which is finer than the percentiles an alarm or a dashboard needs.
class LatencyBuckets {
 public:
  static constexpr std::size_t kCount = 100;
  static constexpr double kFirstEdgeMs = 0.01;
  static constexpr double kLastEdgeMs = 60'000.0;

  // The bucket a latency falls into; negative and NaN latencies count as zero, huge ones as the last.
  static std::size_t index_of(double latency_ms) noexcept;

  // A value that stands for every latency in the bucket (its geometric midpoint).
  static double representative(std::size_t index) noexcept;

  // Upper edge (exclusive) of a bucket; the last bucket has no upper edge.
  static double upper_edge(std::size_t index) noexcept;
};

}  // namespace portfolio::observability
