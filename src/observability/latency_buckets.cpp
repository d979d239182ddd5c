#include "observability/latency_buckets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace portfolio::observability {
namespace {

// edges[i] is the exclusive upper edge of bucket i; bucket 0 starts at zero and the last bucket is
// open-ended, so kCount - 1 edges describe kCount buckets.
using Edges = std::array<double, LatencyBuckets::kCount - 1>;

Edges make_edges() {
  Edges edges{};
  const double steps = static_cast<double>(edges.size() - 1);
  const double ratio = std::pow(LatencyBuckets::kLastEdgeMs / LatencyBuckets::kFirstEdgeMs, 1.0 / steps);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    edges[i] = LatencyBuckets::kFirstEdgeMs * std::pow(ratio, static_cast<double>(i));
  }
  edges.back() = LatencyBuckets::kLastEdgeMs;
  return edges;
}

const Edges& edges() {
  static const Edges instance = make_edges();
  return instance;
}

}  // namespace

std::size_t LatencyBuckets::index_of(double latency_ms) noexcept {
  if (!(latency_ms > 0)) {
    return 0;  // also catches NaN
  }
  const auto& e = edges();
  // A binary search over 99 edges costs seven comparisons and is exact at the edges, unlike log().
  return static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), latency_ms) - e.begin());
}

double LatencyBuckets::upper_edge(std::size_t index) noexcept {
  const auto& e = edges();
  return index < e.size() ? e[index] : std::numeric_limits<double>::infinity();
}

double LatencyBuckets::representative(std::size_t index) noexcept {
  const auto& e = edges();
  if (index == 0) {
    return e[0] / 2;
  }
  if (index >= e.size()) {
    return e.back() * std::sqrt(e[1] / e[0]);
  }
  return std::sqrt(e[index - 1] * e[index]);
}

}  // namespace portfolio::observability
