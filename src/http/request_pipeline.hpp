#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/api_error.hpp"
#include "api/api_types.hpp"
#include "http/client_address.hpp"
#include "http/rate_limiter.hpp"
#include "http/request_observer.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace portfolio::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct PipelineOptions {
  bool rate_limit_enabled = true;
  std::uint32_t general_per_minute = 100;
  std::uint32_t ingest_per_minute = 1000;
  TrustedProxies trusted_proxies;
  std::vector<std::string> api_keys;      // empty: writes need no key
  std::vector<std::string> cors_origins;  // "*" allows any origin
  std::optional<StaticFiles> static_files;
};

// Everything between a parsed request and the response to write: request ids, CORS, routing, rate
// limits, API keys, the handler, the one error shape, security headers, and the observers.
class RequestPipeline {
 public:
  RequestPipeline(const Router& router, PipelineOptions options, RequestObserver& observer);

  // When the handler answers with a body stream (an image), the response carries its headers only
  // and the stream is handed to `body_stream` for the caller to write; without `body_stream` the
  // stream is read into the body here. `request` must outlive the call: it is not copied, because
  // a copy would make this coroutine's frame too large for Asio's recycling of frames.
  boost::asio::awaitable<Response> handle(const Request& request, const boost::asio::ip::address& peer,
                                          std::chrono::steady_clock::time_point started,
                                          std::shared_ptr<api::BodyStream>* body_stream = nullptr);

  // A response for a request the transport refused before it was complete (413, 431, 400).
  Response reject(const api::ApiError& error, const Request& partial, const boost::asio::ip::address& peer,
                  std::chrono::steady_clock::time_point started);

 private:
  struct Context;
  Context context_for(const Request& request, const boost::asio::ip::address& peer,
                      std::chrono::steady_clock::time_point started) const;
  // What routing decided before any handler runs: a response ready now, or the call of the handler
  // it chose (ctx.route).
  struct Routed {
    std::optional<api::ApiResponse> ready;
    api::ApiRequest call;
  };
  Routed route(const Request& request, Context& ctx);
  static Routed answered(api::ApiResponse response);
  std::optional<api::ApiResponse> admit(const Request& request, const Route& route, Context& ctx);
  std::optional<api::ApiResponse> serve_static(const Request& request, std::string_view path,
                                               Context& ctx) const;
  Response finish(const Request& request, api::ApiResponse response, Context& ctx);
  static void compress(const Request& request, api::ApiResponse& api_response, Response& response);
  void add_cors(const Request& request, Response& response) const;
  bool origin_allowed(std::string_view origin) const;

  const Router& router_;
  PipelineOptions options_;
  RequestObserver& observer_;
  RateLimiter general_limiter_;
  RateLimiter ingest_limiter_;
};

// Adds a field name to the response's Vary header.
void add_vary(Response& response, std::string_view field);

// The X-Request-Id to use: the client's when it is 1-128 characters of [A-Za-z0-9._-], else a new one.
std::string choose_request_id(std::string_view offered);

}  // namespace portfolio::http
