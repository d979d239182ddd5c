#include "observability/latency_buckets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace portfolio::observability {
namespace {

TEST(LatencyBuckets, EdgesGrowStrictlyAndSpanTheDocumentedRange) {
  EXPECT_DOUBLE_EQ(LatencyBuckets::upper_edge(0), LatencyBuckets::kFirstEdgeMs);
  EXPECT_DOUBLE_EQ(LatencyBuckets::upper_edge(LatencyBuckets::kCount - 2), LatencyBuckets::kLastEdgeMs);
  EXPECT_TRUE(std::isinf(LatencyBuckets::upper_edge(LatencyBuckets::kCount - 1)));
  for (std::size_t i = 1; i + 1 < LatencyBuckets::kCount; ++i) {
    EXPECT_GT(LatencyBuckets::upper_edge(i), LatencyBuckets::upper_edge(i - 1));
  }
}

TEST(LatencyBuckets, EveryRepresentativeFallsInItsOwnBucket) {
  for (std::size_t i = 0; i < LatencyBuckets::kCount; ++i) {
    EXPECT_EQ(LatencyBuckets::index_of(LatencyBuckets::representative(i)), i) << i;
  }
}

TEST(LatencyBuckets, RepresentativeIsWithinTenPercentOfAnyLatencyInTheBucket) {
  double latency = 0.02;
  for (int step = 0; step < 1000; ++step, latency *= 1.013) {  // 0.02 ms to about 8 s
    const double representative = LatencyBuckets::representative(LatencyBuckets::index_of(latency));
    EXPECT_LT(std::abs(representative - latency) / latency, 0.10) << latency;
  }
}

TEST(LatencyBuckets, OddInputsLandInTheEndBuckets) {
  EXPECT_EQ(LatencyBuckets::index_of(-5), 0u);
  EXPECT_EQ(LatencyBuckets::index_of(0), 0u);
  EXPECT_EQ(LatencyBuckets::index_of(std::numeric_limits<double>::quiet_NaN()), 0u);
  EXPECT_EQ(LatencyBuckets::index_of(std::numeric_limits<double>::infinity()), LatencyBuckets::kCount - 1);
  EXPECT_EQ(LatencyBuckets::index_of(1e9), LatencyBuckets::kCount - 1);
  // An edge belongs to the bucket above it.
  EXPECT_EQ(LatencyBuckets::index_of(LatencyBuckets::upper_edge(10)), 11u);
}

}  // namespace
}  // namespace portfolio::observability
