#include "http/prometheus_metrics.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace portfolio::http {

PrometheusMetrics::PrometheusMetrics(const Router& router)
    : registry_(std::make_shared<prometheus::Registry>()) {
  requests_ = &prometheus::BuildCounter()
                   .Name("http_requests_total")
                   .Help("HTTP requests answered, by route and status class")
                   .Register(*registry_);
  latency_ = &prometheus::BuildHistogram()
                  .Name("http_request_duration_seconds")
                  .Help("Time from a complete request to its response, by route")
                  .Register(*registry_);
  for (const auto& route : router.routes()) routes_.push_back(make_series(route.method, route.path));
  static_ = make_series("GET", "static");
  unmatched_ = make_series("ANY", "unmatched");
}

PrometheusMetrics::Series PrometheusMetrics::make_series(const std::string& method,
                                                         const std::string& route) {
  static const prometheus::Histogram::BucketBoundaries kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  Series series;
  for (std::size_t i = 0; i < series.by_class.size(); ++i) {
    series.by_class[i] =
        &requests_->Add({{"method", method}, {"route", route}, {"status", std::to_string(i + 1) + "xx"}});
  }
  series.latency = &latency_->Add({{"method", method}, {"route", route}}, kBuckets);
  return series;
}

void PrometheusMetrics::on_request(const RequestRecord& record) {
  auto& series =
      record.matched ? routes_[record.route_index] : (record.route == "static" ? static_ : unmatched_);
  const auto status_class = std::min<std::size_t>(std::max(record.status / 100, 1U), 5U) - 1;
  series.by_class[status_class]->Increment();
  series.latency->Observe(record.latency_ms / 1000.0);
}

std::string PrometheusMetrics::render() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace portfolio::http
