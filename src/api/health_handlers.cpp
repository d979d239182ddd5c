#include "api/health_handlers.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "api/responses.hpp"
#include "domain/clock.hpp"
#include "json/json_text.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

std::string now_text() {
  return domain::format_iso8601(domain::now_epoch_ms());
}

// {"status":"ok"|"failing","failing_since":ISO|null,"failures":n}
json::object writes_json(const WriteHealth::Snapshot& writes) {
  json::value since = nullptr;
  if (writes.failing) since = json::value(domain::format_iso8601(writes.failing_since_ms));
  return {{"status", writes.failing ? "failing" : "ok"},
          {"failing_since", std::move(since)},
          {"failures", writes.failures}};
}

}  // namespace

ApiResponse HealthHandlers::live(const ApiRequest&) const {
  // Written straight into the body, without a document: the liveness probe and the benchmarks'
  // hottest path. The same text as the DOM would give, key order included.
  std::string body;
  body.reserve(160);
  body.append(R"({"status":"healthy","service":)");
  portfolio::json::append_string(body, info_.service);
  body.append(R"(,"version":)");
  portfolio::json::append_string(body, info_.version);
  body.append(R"(,"timestamp":)");
  portfolio::json::append_string(body, now_text());
  body.append(R"(,"uptime_seconds":)");
  portfolio::json::append_number(body, info_.uptime_seconds());
  body.push_back('}');
  return json_text_response(200, std::move(body));
}

awaitable<HealthHandlers::Probe> HealthHandlers::probe() {
  const auto start = std::chrono::steady_clock::now();
  auto ping = [&store = ctx_.store] { return store.ping(); };
  auto pinged = co_await ctx_.runner.run(std::move(ping));
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  Probe outcome{pinged.has_value(), elapsed.count(), {}};
  if (!pinged) outcome.error = pinged.error();
  co_return outcome;
}

awaitable<ApiResponse> HealthHandlers::database(const ApiRequest& request) {
  const auto result = co_await probe();
  const auto writes = counters_.writes.snapshot();
  // Reachable but failing writes (a full disk, a read-only grant) is "degraded", still a 200: the
  // service answers reads, and restarting it would not help.
  const char* status = !result.connected ? "unhealthy" : (writes.failing ? "degraded" : "healthy");
  json::object body{{"status", status},
                    {"database", result.connected ? "connected" : "unavailable"},
                    {"backend", ctx_.store.backend()},
                    {"response_time_ms", result.response_time_ms},
                    {"writes", writes_json(writes)},
                    {"timestamp", now_text()}};
  if (result.connected) co_return json_response(200, body);
  // A 503 carries the documented error members as well, like every other non-2xx response.
  auto cause = result.error;
  cause.message = "storage ping failed: " + cause.message;
  auto error = error_body(reported_api_error(cause, request.request_id), request.request_id);
  for (auto& [key, value] : body) error[key] = std::move(value);
  co_return json_response(503, error);
}

awaitable<ApiResponse> HealthHandlers::detailed(const ApiRequest&) {
  const auto result = co_await probe();
  const auto writes = counters_.writes.snapshot();
  co_return json_response(
      200, json::object{
               {"status", result.connected && !writes.failing ? "healthy" : "degraded"},
               {"service", info_.service},
               {"version", info_.version},
               {"build",
                {{"commit", info_.commit}, {"compiler", info_.compiler}, {"build_type", info_.build_type}}},
               {"backend", ctx_.store.backend()},
               {"database", result.connected ? "connected" : "unavailable"},
               {"database_response_time_ms", result.response_time_ms},
               {"writes", writes_json(writes)},
               {"uptime_seconds", info_.uptime_seconds()},
               {"requests_total", counters_.requests.load(std::memory_order_relaxed)},
               {"errors_4xx_total", counters_.errors_4xx.load(std::memory_order_relaxed)},
               {"errors_5xx_total", counters_.errors_5xx.load(std::memory_order_relaxed)},
               {"memory", {{"rss_bytes", resident_memory_bytes()}}},
               {"timestamp", now_text()}});
}

}  // namespace portfolio::api
