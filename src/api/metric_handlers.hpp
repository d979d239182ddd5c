#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/api_types.hpp"
#include "api/handler_context.hpp"

namespace portfolio::api {

// /api/v1/metrics*.
class MetricHandlers {
 public:
  explicit MetricHandlers(HandlerContext context) : ctx_(context) {}

  boost::asio::awaitable<ApiResponse> ingest(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> ingest_batch(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> history(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> latest(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> summary(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> series(const ApiRequest& request);

 private:
  HandlerContext ctx_;
};

}  // namespace portfolio::api
