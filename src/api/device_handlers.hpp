#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/api_types.hpp"
#include "api/fleet_settings.hpp"
#include "api/handler_context.hpp"

namespace portfolio::api {

// /api/v1/devices (filtered, paged) and /api/v1/devices/stats.
class DeviceHandlers {
 public:
  DeviceHandlers(HandlerContext context, FleetSettings settings) : ctx_(context), settings_(settings) {}

  boost::asio::awaitable<ApiResponse> list(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> stats(const ApiRequest& request);

 private:
  HandlerContext ctx_;
  FleetSettings settings_;
};

}  // namespace portfolio::api
