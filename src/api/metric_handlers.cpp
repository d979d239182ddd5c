#include "api/metric_handlers.hpp"

#include <boost/json.hpp>

#include "api/image_handlers.hpp"
#include "api/json_codec.hpp"
#include "api/page_json.hpp"
#include "api/query_reader.hpp"
#include "api/reading_text.hpp"
#include "api/reading_writes.hpp"
#include "api/responses.hpp"
#include "domain/clock.hpp"
#include "domain/reading_rules.hpp"
#include "domain/series_buckets.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;
using domain::choose_bucket;
using domain::ReadingRules;

namespace {

constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr std::int64_t kMaxEpochMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z

// A reading from JSON that passes every rule, or the error that names what is wrong.
domain::Result<domain::Reading> valid_reading(const json::value& json, std::int64_t now_ms) {
  auto reading = reading_from_json(json, now_ms);
  if (!reading) return reading.error();
  if (auto errors = ReadingRules::check(*reading, now_ms); !errors.empty()) {
    return domain::Error::invalid_fields(std::move(errors));
  }
  return reading;
}

}  // namespace

awaitable<ApiResponse> MetricHandlers::ingest(const ApiRequest& request) {
  auto body = json_body(request);
  if (!body) co_return error_response(body.error(), request.request_id);
  auto reading = valid_reading(*body, domain::now_epoch_ms());
  if (!reading) co_return error_response(reading.error(), request);
  const std::span<const domain::Reading> one(&*reading, 1);
  auto stored = co_await write_readings(ctx_, one);
  if (!stored) co_return error_response(stored.error(), request);
  co_return json_text_response(201, reading_text(*reading));
}

awaitable<ApiResponse> MetricHandlers::ingest_batch(const ApiRequest& request) {
  auto body = json_body(request);
  if (!body) co_return error_response(body.error(), request.request_id);
  const auto* object = body->if_object();
  const auto* readings = object != nullptr ? object->if_contains("readings") : nullptr;
  if (object == nullptr || readings == nullptr || !readings->is_array() || object->size() != 1) {
    co_return error_response(
        domain::Error::field("readings", "the body must be {\"readings\": [...]} and nothing else"), request);
  }
  const auto& items = readings->get_array();
  if (items.empty() || items.size() > ReadingRules::kMaxBatch) {
    co_return error_response(domain::Error::field("readings", "must hold 1 to 500 readings"), request);
  }

  const auto now_ms = domain::now_epoch_ms();
  std::vector<domain::Reading> valid;
  valid.reserve(items.size());
  json::array errors;
  for (std::size_t index = 0; index < items.size(); ++index) {
    auto reading = valid_reading(items[index], now_ms);
    if (reading) {
      valid.push_back(std::move(*reading));
      continue;
    }
    const auto api_error = to_api_error(reading.error());
    errors.push_back({{"index", index},
                      {"error_code", api_error.code},
                      {"message", api_error.message},
                      {"details", details_json(api_error.details)}});
  }
  if (!valid.empty()) {
    const std::span<const domain::Reading> all(valid);
    auto stored = co_await write_readings(ctx_, all);
    if (!stored) co_return error_response(stored.error(), request);
  }
  const auto rejected = errors.size();
  auto response = json_response(
      200, json::object{{"accepted", valid.size()}, {"rejected", rejected}, {"errors", std::move(errors)}});
  response.wrote = !valid.empty();
  co_return response;
}

awaitable<ApiResponse> MetricHandlers::history(const ApiRequest& request) {
  storage::HistoryQuery q;
  q.device_id = std::string(request.path_param("device_id"));
  QueryReader query(request);
  for (auto& e : ReadingRules::check_device_id(q.device_id)) query.fail(e.field, e.message);
  q.from_ms = query.integer("from", 0, 0, kMaxEpochMs);
  q.to_ms = query.integer("to", kMaxEpochMs, 0, kMaxEpochMs);
  q.page.limit = static_cast<std::size_t>(query.integer("limit", 100, 1, 1000));
  const auto order = query.choice("order", "desc", {"asc", "desc"});
  q.order = order == "asc" ? storage::SortOrder::ascending : storage::SortOrder::descending;
  const auto cursor = query.text("cursor");
  if (q.from_ms > q.to_ms) query.fail("from", "must not be after to");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);

  const auto scope = "history:" + q.device_id + ":" + order + ":" + std::to_string(q.from_ms) + ":" +
                     std::to_string(q.to_ms);
  if (auto ok = ctx_.cursors.resume(scope, cursor, q.page); !ok)
    co_return error_response(ok.error(), request);
  auto read_history = [&store = ctx_.store, &q] { return store.device_history(q); };
  auto page = co_await ctx_.runner.run(std::move(read_history));
  if (!page) co_return error_response(page.error(), request);
  // Written straight into text: building and freeing a DOM was most of this page's cost.
  co_return json_text_response(200,
                               history_page_text(*page, ctx_.cursors.next(scope, page->next), q.device_id));
}

awaitable<ApiResponse> MetricHandlers::latest(const ApiRequest& request) {
  // One page of the per-device latest records: the cost follows the page, never the fleet.
  constexpr std::string_view kScope = "latest";
  QueryReader query(request);
  storage::DeviceQuery q;
  q.page.limit = static_cast<std::size_t>(query.integer("limit", 100, 1, 1000));
  const auto cursor = query.text("cursor");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);
  if (auto ok = ctx_.cursors.resume(kScope, cursor, q.page); !ok)
    co_return error_response(ok.error(), request);
  auto list = [&store = ctx_.store, &q] { return store.list_devices(q); };
  auto devices = co_await ctx_.runner.run(std::move(list));
  if (!devices) co_return error_response(devices.error(), request);
  co_return json_text_response(200, latest_page_text(*devices, ctx_.cursors.next(kScope, devices->next)));
}

awaitable<ApiResponse> MetricHandlers::summary(const ApiRequest& request) {
  QueryReader query(request);
  const auto now_ms = domain::now_epoch_ms();
  storage::SummaryQuery q;
  q.to_ms = query.integer("to", now_ms, 0, kMaxEpochMs);
  q.from_ms = query.integer("from", q.to_ms - kDay, 0, kMaxEpochMs);
  q.device_id = query.text("device_id");
  if (q.device_id) {
    for (auto& e : ReadingRules::check_device_id(*q.device_id)) query.fail(e.field, e.message);
  }
  q.page.limit = static_cast<std::size_t>(query.integer("limit", 100, 1, 1000));
  const auto cursor = query.text("cursor");
  if (q.from_ms > q.to_ms) query.fail("from", "must not be after to");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);
  const auto scope =
      "summary:" + std::to_string(q.from_ms) + ":" + std::to_string(q.to_ms) + ":" + q.device_id.value_or("");
  if (auto ok = ctx_.cursors.resume(scope, cursor, q.page); !ok)
    co_return error_response(ok.error(), request);
  auto summarize = [&store = ctx_.store, &q] { return store.summarize(q); };
  auto summaries = co_await ctx_.runner.run(std::move(summarize));
  if (!summaries) co_return error_response(summaries.error(), request);
  auto body = page_json(*summaries, ctx_.cursors, scope);
  body["from"] = q.from_ms;
  body["to"] = q.to_ms;
  co_return json_response(200, body);
}

awaitable<ApiResponse> MetricHandlers::series(const ApiRequest& request) {
  storage::SeriesQuery q;
  q.device_id = std::string(request.path_param("device_id"));
  QueryReader query(request);
  for (auto& e : ReadingRules::check_device_id(q.device_id)) query.fail(e.field, e.message);
  const auto now_ms = domain::now_epoch_ms();
  q.to_ms = query.integer("to", now_ms, 0, kMaxEpochMs);
  q.from_ms = query.integer("from", std::max<std::int64_t>(0, q.to_ms - kDay), 0, kMaxEpochMs);
  const auto bucket = query.choice("bucket", "auto", {"1m", "5m", "15m", "1h", "6h", "1d", "auto"});
  if (q.from_ms > q.to_ms) query.fail("from", "must not be after to");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);
  auto chosen = choose_bucket(bucket, q.from_ms, q.to_ms);
  if (!chosen) co_return error_response(chosen.error(), request);
  q.bucket_ms = chosen->width_ms;
  auto read = [&store = ctx_.store, &q] { return store.series(q); };
  auto buckets = co_await ctx_.runner.run(std::move(read));
  if (!buckets) co_return error_response(buckets.error(), request);
  json::array items;
  items.reserve(buckets->size());
  for (const auto& b : *buckets) items.push_back(to_json(b));
  co_return json_response(200, json::object{{"device_id", q.device_id},
                                            {"from", q.from_ms},
                                            {"to", q.to_ms},
                                            {"bucket", chosen->name},
                                            {"bucket_ms", chosen->width_ms},
                                            {"items", std::move(items)}});
}

}  // namespace portfolio::api
