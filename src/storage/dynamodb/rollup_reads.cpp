// The reads of the rollup table: raw readings and day totals by Query, whole day items by BatchGetItem.
#include <boost/json.hpp>

#include "storage/dynamodb/all_pages.hpp"
#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/item_codec.hpp"
#include "storage/dynamodb/rollup_codec.hpp"
#include "storage/dynamodb/rollup_table.hpp"

namespace portfolio::storage::dynamodb {

namespace json = boost::json;
using domain::Rollup;

domain::Result<std::vector<json::object>> RollupTable::query_items(const std::string& partition,
                                                                   std::int64_t from_ms, std::int64_t to_ms,
                                                                   bool totals_only) {
  if (from_ms >= to_ms) return std::vector<json::object>{};
  json::object request{
      {"TableName", table_},
      {"KeyConditionExpression", "device_id = :d AND #ts BETWEEN :from AND :to"},
      {"ExpressionAttributeNames", {{"#ts", "timestamp"}}},
      {"ExpressionAttributeValues",
       {{":d", string_value(partition)}, {":from", number_value(from_ms)}, {":to", number_value(to_ms - 1)}}},
      {"ConsistentRead", true}};
  if (totals_only) {
    // A day's totals without its hour maps: a tenth of the bytes on the wire (the read units
    // still count whole items).
    std::string projection = "#ts";
    auto& names = request["ExpressionAttributeNames"].as_object();
    for (const auto& [name, value] : rollup_fields(Rollup{})) {
      projection.append(", #").append(name);
      std::string placeholder("#");
      placeholder.append(name);
      names[placeholder] = name;
    }
    projection.append(", #bmin");
    names["#bmin"] = "bmin";
    request["ProjectionExpression"] = projection;
  }
  return all_pages(client_, "Query", std::move(request));
}

domain::Result<std::vector<domain::Reading>> RollupTable::readings_between(std::string_view device_id,
                                                                           std::int64_t from_ms,
                                                                           std::int64_t to_ms) {
  auto items = query_items(std::string(device_id), from_ms, to_ms, false);
  if (!items) return items.error();
  std::vector<domain::Reading> out;
  out.reserve(items->size());
  for (const auto& item : *items) {
    auto reading = reading_from_item(item);
    if (!reading) return domain::Error::internal("DynamoDB: unreadable reading of " + std::string(device_id));
    out.push_back(std::move(*reading));
  }
  return out;
}

domain::Result<std::vector<Rollup>> RollupTable::day_rollups(std::string_view device_id, std::int64_t from_ms,
                                                             std::int64_t to_ms) {
  const auto partition = partition_of(device_id);
  std::vector<Rollup> out;
  auto items = query_items(partition, from_ms, to_ms, true);
  if (!items) return items.error();
  for (const auto& item : *items) {
    if (item.if_contains("n") == nullptr) continue;  // announced, not yet stored
    auto rollup = rollup_from_fields(item, read_int64(item, "timestamp").value_or(0));
    if (!rollup) return domain::Error::internal("DynamoDB: unreadable rollup item of " + partition);
    if (rollup->count > 0) out.push_back(*rollup);
  }
  return out;
}

domain::Result<std::vector<json::object>> RollupTable::get_days(std::span<const DayKey> keys) {
  json::array wanted;
  for (const auto& key : keys) {
    wanted.push_back(json::object{{"device_id", string_value(partition_of(key.device_id))},
                                  {"timestamp", number_value(key.day_ms)}});
  }
  std::vector<json::object> out;
  const auto collect = [&](const json::object& answer) {
    const auto* responses = answer.if_contains("Responses");
    const auto* items =
        responses != nullptr && responses->is_object() ? responses->as_object().if_contains(table_) : nullptr;
    if (items == nullptr || !items->is_array()) return;
    for (const auto& item : items->as_array()) {
      if (item.is_object()) out.push_back(item.as_object());
    }
  };
  auto fetched = client_.call_batch(
      "BatchGetItem", {{"RequestItems", {{table_, {{"Keys", std::move(wanted)}, {"ConsistentRead", true}}}}}},
      collect);
  if (!fetched) return to_domain_error(fetched.error(), "BatchGetItem");
  return out;
}

std::optional<RollupTable::DayKey> RollupTable::day_key_of(const json::object& day_item) {
  const auto* partition = day_item.if_contains("device_id");
  const auto* text =
      partition != nullptr && partition->is_object() ? partition->as_object().if_contains("S") : nullptr;
  const auto day_ms = read_int64(day_item, "timestamp");
  if (text == nullptr || !text->is_string() || !day_ms || !text->as_string().starts_with(kPartitionPrefix)) {
    return std::nullopt;
  }
  return DayKey{std::string(text->as_string().subview(kPartitionPrefix.size())), *day_ms};
}

}  // namespace portfolio::storage::dynamodb
