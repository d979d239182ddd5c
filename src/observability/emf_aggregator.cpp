#include "observability/emf_aggregator.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <utility>

#include "json/json_text.hpp"

namespace portfolio::observability {
namespace {

// Latencies beyond a day are a clock bug, not a request; clamping keeps sums finite and JSON valid.
constexpr double kMaxLatencyMs = 86'400'000.0;

double sanitize_latency(double latency_ms) {
  if (!(latency_ms > 0)) {
    return 0;  // negative or NaN
  }
  return std::min(latency_ms, kMaxLatencyMs);
}

boost::json::array metric_definitions() {
  boost::json::array metrics;
  for (const auto& [name, unit] : {std::pair{"Requests", "Count"}, std::pair{"Errors4xx", "Count"},
                                   std::pair{"Errors5xx", "Count"}, std::pair{"Latency", "Milliseconds"}}) {
    metrics.push_back(boost::json::object{{"Name", name}, {"Unit", unit}});
  }
  return metrics;
}

}  // namespace

EmfAggregator::EmfAggregator(EmfOptions options) : options_(std::move(options)) {
  // The overflow bucket and every allowed route fit without a rehash, so record() never rehashes.
  routes_.reserve(options_.max_routes + 1);
}

EmfAggregator::RouteStats& EmfAggregator::stats_for(std::string_view route) {
  if (route.empty() || route.size() > kMaxRouteLength) {
    route = kOverflowRoute;
  }
  if (auto it = routes_.find(route); it != routes_.end()) {
    return it->second;
  }
  if (routes_.size() >= options_.max_routes && route != kOverflowRoute) {
    route = kOverflowRoute;
    if (auto it = routes_.find(route); it != routes_.end()) {
      return it->second;
    }
  }
  return routes_.try_emplace(std::string(route)).first->second;
}

void EmfAggregator::record(std::string_view route, unsigned status, double latency_ms) {
  latency_ms = sanitize_latency(latency_ms);
  const std::size_t bucket = LatencyBuckets::index_of(latency_ms);

  std::lock_guard lock(mutex_);
  RouteStats& stats = stats_for(route);
  if (stats.requests == 0) {
    stats.latency_min_ms = latency_ms;
    stats.latency_max_ms = latency_ms;
  } else {
    stats.latency_min_ms = std::min(stats.latency_min_ms, latency_ms);
    stats.latency_max_ms = std::max(stats.latency_max_ms, latency_ms);
  }
  ++stats.requests;
  if (status >= 400 && status < 500) {
    ++stats.errors_4xx;
  }
  if (status >= 500 && status < 600) {
    ++stats.errors_5xx;
  }
  stats.latency_sum_ms += latency_ms;
  ++stats.latency_counts[bucket];
}

std::vector<std::string> EmfAggregator::flush(std::int64_t now_epoch_ms) {
  std::vector<std::pair<std::string, RouteStats>> interval;
  {
    std::lock_guard lock(mutex_);
    for (auto& [route, stats] : routes_) {
      if (stats.requests == 0) {
        continue;
      }
      interval.emplace_back(route, stats);
      stats = RouteStats{};
    }
  }
  // Rendering happens outside the lock so that a flush never stalls the requests being served.
  std::sort(interval.begin(), interval.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> lines;
  lines.reserve(interval.size());
  for (const auto& [route, stats] : interval) {
    lines.push_back(render(route, stats, now_epoch_ms));
  }
  return lines;
}

std::string EmfAggregator::render(std::string_view route, const RouteStats& stats,
                                  std::int64_t now_epoch_ms) const {
  boost::json::array values;
  boost::json::array counts;
  for (std::size_t i = 0; i < stats.latency_counts.size(); ++i) {
    if (stats.latency_counts[i] == 0) {
      continue;
    }
    // Clamping into the observed range makes a bucket that holds a single latency exact.
    values.push_back(
        std::clamp(LatencyBuckets::representative(i), stats.latency_min_ms, stats.latency_max_ms));
    counts.push_back(stats.latency_counts[i]);
  }

  boost::json::object directive{
      {"Namespace", kNamespace},
      {"Dimensions",
       boost::json::array{boost::json::array{"Service"}, boost::json::array{"Service", "Route"}}},
      {"Metrics", metric_definitions()},
  };
  boost::json::object document{
      {"_aws", boost::json::object{{"Timestamp", now_epoch_ms},
                                   {"CloudWatchMetrics", boost::json::array{std::move(directive)}}}},
      {"Service", options_.service},
      {"Route", route},
      {"Requests", stats.requests},
      {"Errors4xx", stats.errors_4xx},
      {"Errors5xx", stats.errors_5xx},
      {"Latency", boost::json::object{{"Values", std::move(values)},
                                      {"Counts", std::move(counts)},
                                      {"Max", stats.latency_max_ms},
                                      {"Min", stats.latency_min_ms},
                                      {"Count", stats.requests},
                                      {"Sum", stats.latency_sum_ms}}},
  };
  return portfolio::json::to_text(document);
}

}  // namespace portfolio::observability
