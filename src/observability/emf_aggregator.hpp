#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "observability/latency_buckets.hpp"

namespace portfolio::observability {

struct EmfOptions {
  std::string service = "portfolio-api";
  // Distinct routes kept apart; any further route is counted under `other`. Routes are templates
  // (`GET /api/v1/users/{user_id}`), so a real service stays far below this; the cap only stops a
  // caller that passes raw paths from creating one CloudWatch metric per URL.
  std::size_t max_routes = 64;
};

// Aggregates request outcomes per route and renders them as CloudWatch Embedded Metric Format lines.
//
// One document per route that had traffic in the interval, each declaring both dimension sets,
// [Service] and [Service, Route]. CloudWatch adds up the values of every document that shares a
// dimension set, so the service-wide Requests/Errors and the Latency distribution are exactly the
// union of the routes, with no separate aggregate to keep in step and nothing counted twice.
//
// Thread-safe. record() is on every response's path: after a route's first request it takes one
// short lock and allocates nothing.
class EmfAggregator {
 public:
  static constexpr std::string_view kNamespace = "Portfolio/API";
  static constexpr std::string_view kOverflowRoute = "other";
  // CloudWatch takes dimension values of up to 1024 characters; a route longer than this is no template.
  static constexpr std::size_t kMaxRouteLength = 256;

  explicit EmfAggregator(EmfOptions options = {});

  void record(std::string_view route, unsigned status, double latency_ms);

  // The EMF JSON lines (no trailing newline) for the interval that ends now, then starts a new one.
  // Empty when nothing was recorded.
  std::vector<std::string> flush(std::int64_t now_epoch_ms);

 private:
  struct RouteStats {
    std::uint64_t requests = 0;
    std::uint64_t errors_4xx = 0;
    std::uint64_t errors_5xx = 0;
    double latency_sum_ms = 0;
    double latency_min_ms = 0;
    double latency_max_ms = 0;
    std::array<std::uint64_t, LatencyBuckets::kCount> latency_counts{};
  };

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };

  using RouteMap = std::unordered_map<std::string, RouteStats, StringHash, std::equal_to<>>;

  RouteStats& stats_for(std::string_view route);
  std::string render(std::string_view route, const RouteStats& stats, std::int64_t now_epoch_ms) const;

  EmfOptions options_;
  std::mutex mutex_;
  RouteMap routes_;  // guarded by mutex_; entries are reset, not erased, so steady state allocates nothing
};

}  // namespace portfolio::observability
