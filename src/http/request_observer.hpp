#pragma once

#include <cstddef>
#include <string_view>

namespace portfolio::http {

// What is known about a finished request; observers turn it into access logs and metrics.
struct RequestRecord {
  std::string_view method;
  std::string_view route;  // route template name, "static", or "unmatched"
  std::size_t route_index = 0;
  bool matched = false;   // route_index is meaningful
  std::string_view path;  // without the query string
  std::string_view request_id;
  std::string_view client_ip;
  unsigned status = 0;
  double latency_ms = 0;
  std::size_t bytes = 0;  // response body
  bool wrote = true;      // api::ApiResponse::wrote
};

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void on_request(const RequestRecord& record) = 0;
};

}  // namespace portfolio::http
