#pragma once

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "http/request_observer.hpp"
#include "http/router.hpp"

namespace portfolio::http {

// Request counters and latency histograms per route, in the Prometheus text format at /metrics.
// Every series is created at start for the known routes, so the hot path only increments.
class PrometheusMetrics : public RequestObserver {
 public:
  explicit PrometheusMetrics(const Router& router);

  void on_request(const RequestRecord& record) override;
  std::string render() const;

 private:
  struct Series {
    std::array<prometheus::Counter*, 5> by_class{};  // 1xx..5xx
    prometheus::Histogram* latency = nullptr;
  };
  Series make_series(const std::string& method, const std::string& route);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_ = nullptr;
  prometheus::Family<prometheus::Histogram>* latency_ = nullptr;
  std::vector<Series> routes_;
  Series static_;
  Series unmatched_;
};

}  // namespace portfolio::http
