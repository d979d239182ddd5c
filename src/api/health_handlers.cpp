#include "api/health_handlers.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "api/responses.hpp"
#include "domain/clock.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

std::string now_text() {
  return domain::format_iso8601(domain::now_epoch_ms());
}

}  // namespace

ApiResponse HealthHandlers::live(const ApiRequest&) const {
  return json_response(200, json::object{{"status", "healthy"},
                                         {"service", info_.service},
                                         {"version", info_.version},
                                         {"timestamp", now_text()},
                                         {"uptime_seconds", info_.uptime_seconds()}});
}

awaitable<HealthHandlers::Probe> HealthHandlers::probe() {
  const auto start = std::chrono::steady_clock::now();
  auto ping = [&store = ctx_.store] { return store.ping(); };
  auto pinged = co_await ctx_.runner.run(std::move(ping));
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  co_return Probe{pinged.has_value(), elapsed.count()};
}

awaitable<ApiResponse> HealthHandlers::database(const ApiRequest& request) {
  const auto result = co_await probe();
  json::object body{{"status", result.connected ? "healthy" : "unhealthy"},
                    {"database", result.connected ? "connected" : "unavailable"},
                    {"backend", ctx_.store.backend()},
                    {"response_time_ms", result.response_time_ms},
                    {"timestamp", now_text()}};
  if (result.connected) co_return json_response(200, body);
  // A 503 carries the documented error members as well, like every other non-2xx response.
  auto error =
      error_body(to_api_error(domain::Error::unavailable("storage ping failed")), request.request_id);
  for (auto& [key, value] : body) error[key] = std::move(value);
  co_return json_response(503, error);
}

awaitable<ApiResponse> HealthHandlers::detailed(const ApiRequest&) {
  const auto result = co_await probe();
  co_return json_response(
      200, json::object{
               {"status", result.connected ? "healthy" : "degraded"},
               {"service", info_.service},
               {"version", info_.version},
               {"build",
                {{"commit", info_.commit}, {"compiler", info_.compiler}, {"build_type", info_.build_type}}},
               {"backend", ctx_.store.backend()},
               {"database", result.connected ? "connected" : "unavailable"},
               {"database_response_time_ms", result.response_time_ms},
               {"uptime_seconds", info_.uptime_seconds()},
               {"requests_total", counters_.requests.load(std::memory_order_relaxed)},
               {"errors_4xx_total", counters_.errors_4xx.load(std::memory_order_relaxed)},
               {"errors_5xx_total", counters_.errors_5xx.load(std::memory_order_relaxed)},
               {"memory", {{"rss_bytes", resident_memory_bytes()}}},
               {"timestamp", now_text()}});
}

}  // namespace portfolio::api
