#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/api_types.hpp"
#include "api/handler_context.hpp"
#include "api/service_info.hpp"
#include "domain/error.hpp"

namespace portfolio::api {

// /health (liveness, never touches storage), /health/db (a storage round trip, and "degraded" while
// writes fail) and /health/detailed.
class HealthHandlers {
 public:
  HealthHandlers(HandlerContext context, const ServiceInfo& info, const RequestCounters& counters)
      : ctx_(context), info_(info), counters_(counters) {}

  ApiResponse live(const ApiRequest& request) const;
  boost::asio::awaitable<ApiResponse> database(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> detailed(const ApiRequest& request);

 private:
  struct Probe {
    bool connected = false;
    double response_time_ms = 0;
    domain::Error error;  // why the ping failed, when it did
  };
  boost::asio::awaitable<Probe> probe();

  HandlerContext ctx_;
  const ServiceInfo& info_;
  const RequestCounters& counters_;
};

}  // namespace portfolio::api
