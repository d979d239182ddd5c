#pragma once

#include <boost/asio/awaitable.hpp>

#include "api/api_types.hpp"
#include "api/handler_context.hpp"

namespace portfolio::api {

// /api/v1/users and /api/v1/users/{user_id}.
class UserHandlers {
 public:
  explicit UserHandlers(HandlerContext context) : ctx_(context) {}

  boost::asio::awaitable<ApiResponse> list(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> create(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> get(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> replace(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> patch(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> remove(const ApiRequest& request);

 private:
  enum class Change { replace, patch };
  boost::asio::awaitable<ApiResponse> update(const ApiRequest& request, Change change);

  HandlerContext ctx_;
};

}  // namespace portfolio::api
