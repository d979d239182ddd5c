#pragma once

#include "api/service_info.hpp"
#include "http/access_log.hpp"
#include "http/prometheus_metrics.hpp"
#include "http/request_observer.hpp"
#include "observability/emf_aggregator.hpp"

namespace portfolio::app {

// Fans each finished request out to the access log, the Prometheus series, the CloudWatch EMF
// aggregator and the totals that /health/detailed reports.
class RequestTelemetry : public http::RequestObserver {
 public:
  RequestTelemetry(const http::Router& router, api::RequestCounters& counters, bool access_log)
      : counters_(counters), prometheus_(router), access_log_(access_log) {}

  void on_request(const http::RequestRecord& record) override {
    counters_.count(record.status);
    if (record.matched && record.wrote) counters_.writes.observe(record.method, record.status);
    prometheus_.on_request(record);
    emf_.record(record.route, record.status, record.latency_ms);
    if (access_log_) log_.on_request(record);
  }

  const http::PrometheusMetrics& prometheus() const { return prometheus_; }
  observability::EmfAggregator& emf() { return emf_; }

 private:
  api::RequestCounters& counters_;
  http::PrometheusMetrics prometheus_;
  observability::EmfAggregator emf_;
  http::AccessLog log_;
  bool access_log_;
};

}  // namespace portfolio::app
