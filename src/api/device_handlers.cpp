#include "api/device_handlers.hpp"

#include <boost/json.hpp>

#include "api/image_handlers.hpp"
#include "api/json_codec.hpp"
#include "api/query_reader.hpp"
#include "api/responses.hpp"
#include "domain/clock.hpp"
#include "domain/reading_rules.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

json::object device_json(const domain::DeviceState& device, std::int64_t online_since_ms,
                         double low_battery_below) {
  const auto& latest = device.latest;
  json::object out{{"device_id", device.device_id},
                   {"status", domain::to_string(latest.status)},
                   {"connectivity", latest.timestamp_ms >= online_since_ms ? "online" : "offline"},
                   {"last_seen", latest.timestamp_ms}};
  if (latest.battery_level) out["battery_level"] = *latest.battery_level;
  out["low_battery"] = latest.battery_level.has_value() && *latest.battery_level < low_battery_below;
  if (latest.location) out["location"] = *latest.location;
  out["latest"] = to_json(latest);
  return out;
}

}  // namespace

awaitable<ApiResponse> DeviceHandlers::list(const ApiRequest& request) {
  QueryReader query(request);
  storage::DeviceQuery q;
  q.page.limit = static_cast<std::size_t>(query.integer("limit", 100, 1, 1000));
  const auto status = query.text("status");
  if (status) {
    q.filter.status = domain::parse_device_status(*status);
    if (!q.filter.status) query.fail("status", "must be one of active, inactive, error, maintenance");
  }
  const auto connectivity = query.text("connectivity");
  if (connectivity) {
    if (*connectivity == "online" || *connectivity == "offline") {
      q.filter.online = *connectivity == "online";
    } else {
      query.fail("connectivity", "must be one of online, offline");
    }
  }
  q.filter.prefix = query.text("prefix");
  if (q.filter.prefix) {
    if (q.filter.prefix->empty()) {
      query.fail("prefix", "must not be empty");
    } else {
      for (auto& e : domain::ReadingRules::check_device_id(*q.filter.prefix)) query.fail("prefix", e.message);
    }
  }
  const auto low_battery = query.text("low_battery");
  if (low_battery) {
    if (*low_battery == "true" || *low_battery == "false") {
      q.filter.low_battery = *low_battery == "true";
    } else {
      query.fail("low_battery", "must be true or false");
    }
  }
  const auto cursor = query.text("cursor");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);

  const auto now_ms = domain::now_epoch_ms();
  q.filter.online_since_ms = now_ms - settings_.offline_after_seconds * 1000;
  q.filter.low_battery_below = settings_.low_battery_percent;
  // The cursor belongs to this combination of filters (connectivity is judged afresh on each page).
  const std::string scope = "devices:" + status.value_or("") + ":" + connectivity.value_or("") + ":" +
                            q.filter.prefix.value_or("") + ":" + (q.filter.low_battery ? "low" : "");
  if (auto ok = ctx_.cursors.resume(scope, cursor, q.page); !ok)
    co_return error_response(ok.error(), request);
  auto list = [&store = ctx_.store, &q] { return store.list_devices(q); };
  auto devices = co_await ctx_.runner.run(std::move(list));
  if (!devices) co_return error_response(devices.error(), request);
  json::array items;
  items.reserve(devices->items.size());
  for (const auto& device : devices->items) {
    items.push_back(device_json(device, q.filter.online_since_ms, q.filter.low_battery_below));
  }
  const auto count = items.size();
  json::object body{{"items", std::move(items)},
                    {"count", count},
                    {"next_cursor", string_or_null(ctx_.cursors.next(scope, devices->next))}};
  add_image_urls(body, ctx_, storage::images::OwnerKind::device, "device_id");
  co_return json_response(200, body);
}

awaitable<ApiResponse> DeviceHandlers::stats(const ApiRequest& request) {
  QueryReader query(request);
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);
  const auto now_ms = domain::now_epoch_ms();
  storage::StatsQuery q{now_ms - settings_.offline_after_seconds * 1000, settings_.low_battery_percent};
  auto read = [&store = ctx_.store, &q] { return store.device_stats(q); };
  auto stats = co_await ctx_.runner.run(std::move(read));
  if (!stats) co_return error_response(stats.error(), request);
  co_return json_response(
      200, json::object{
               {"devices", stats->devices},
               {"by_status",
                {{"active", stats->active},
                 {"inactive", stats->inactive},
                 {"error", stats->error},
                 {"maintenance", stats->maintenance}}},
               {"by_connectivity", {{"online", stats->online}, {"offline", stats->devices - stats->online}}},
               {"low_battery", stats->low_battery},
               {"offline_after_seconds", settings_.offline_after_seconds},
               {"timestamp", domain::format_iso8601(now_ms)}});
}

}  // namespace portfolio::api
