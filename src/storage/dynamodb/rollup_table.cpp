#include "storage/dynamodb/rollup_table.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>
#include <utility>

#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/bounded_parallel.hpp"
#include "storage/dynamodb/item_codec.hpp"

namespace portfolio::storage::dynamodb {
namespace {

namespace json = boost::json;
using domain::Rollup;

// Rebuilds of one write that found a newer rebuild stored which still did not cover it. Each round
// reads a fresher write count, so a few rounds settle even a hot bucket.
constexpr int kRebuildAttempts = 16;

std::int64_t width_of(RollupGrain grain) {
  return grain == RollupGrain::hour ? domain::kHourMs : domain::kDayMs;
}

// The stored attributes of a rollup (besides the key, `w` and `done`).
json::object rollup_fields(const Rollup& rollup) {
  json::object fields{{"n", number_value(rollup.count)},
                      {"tsum", number_value(rollup.temperature_sum)},
                      {"tmin", number_value(rollup.temperature_min)},
                      {"tmax", number_value(rollup.temperature_max)},
                      {"hsum", number_value(rollup.humidity_sum)},
                      {"hmin", number_value(rollup.humidity_min)},
                      {"hmax", number_value(rollup.humidity_max)},
                      {"lst", string_value(domain::to_string(rollup.latest_status))},
                      {"lts", number_value(rollup.latest_ms)}};
  if (rollup.battery_min) fields["bmin"] = number_value(*rollup.battery_min);
  return fields;
}

std::optional<Rollup> rollup_from_item(const json::object& item) {
  Rollup rollup;
  const auto start = read_int64(item, "timestamp");
  const auto count = read_int64(item, "n");
  const auto tsum = read_double(item, "tsum");
  const auto tmin = read_double(item, "tmin");
  const auto tmax = read_double(item, "tmax");
  const auto hsum = read_double(item, "hsum");
  const auto hmin = read_double(item, "hmin");
  const auto hmax = read_double(item, "hmax");
  const auto status_text = read_string(item, "lst");
  const auto latest = read_int64(item, "lts");
  if (!start || !count || !tsum || !tmin || !tmax || !hsum || !hmin || !hmax || !status_text || !latest) {
    return std::nullopt;
  }
  const auto status = domain::parse_device_status(*status_text);
  if (!status) return std::nullopt;
  rollup.start_ms = *start;
  rollup.count = *count;
  rollup.temperature_sum = *tsum;
  rollup.temperature_min = *tmin;
  rollup.temperature_max = *tmax;
  rollup.humidity_sum = *hsum;
  rollup.humidity_min = *hmin;
  rollup.humidity_max = *hmax;
  rollup.battery_min = read_double(item, "bmin");
  rollup.latest_status = *status;
  rollup.latest_ms = *latest;
  return rollup;
}

}  // namespace

std::string RollupTable::partition_of(std::string_view device_id, RollupGrain grain) {
  std::string partition = grain == RollupGrain::hour ? "h#" : "d#";
  partition.append(device_id);
  return partition;
}

std::int64_t RollupTable::expiry_of(RollupGrain grain, std::int64_t start_ms) const {
  return (start_ms + width_of(grain)) / 1000 + static_cast<std::int64_t>(retention_days_) * 86'400;
}

domain::Result<void> RollupTable::refresh(std::span<const domain::Reading* const> readings,
                                          const NewestBefore* newest_before, std::size_t parallelism) {
  // A bucket most likely has no item yet when the device's stored latest reading (read before the
  // batch) is older than the bucket's start: no finished write had a reading in it.
  const auto likely_new = [&](const std::string& device_id, std::int64_t start_ms) {
    if (newest_before == nullptr) return false;
    const auto found = newest_before->find(device_id);
    return found == newest_before->end() || found->second < start_ms;
  };
  std::map<std::pair<std::string, std::int64_t>, std::vector<domain::Reading>> by_hour;
  for (const auto* reading : readings) {
    by_hour[{reading->device_id, domain::bucket_start(reading->timestamp_ms, domain::kHourMs)}].push_back(
        *reading);
  }
  std::vector<Bucket> hours;
  std::map<std::pair<std::string, std::int64_t>, Rollup> by_day;
  for (const auto& [key, in_hour] : by_hour) {
    hours.push_back({key.first, RollupGrain::hour, key.second, rollup_of(key.second, in_hour),
                     likely_new(key.first, key.second)});
    auto& day = by_day[{key.first, domain::bucket_start(key.second, domain::kDayMs)}];
    day.start_ms = domain::bucket_start(key.second, domain::kDayMs);
    day.merge(hours.back().own);
  }
  std::vector<Bucket> days;
  for (const auto& [key, own] : by_day) {
    days.push_back({key.first, RollupGrain::day, key.second, own, likely_new(key.first, key.second)});
  }
  // Hours first: a day is rebuilt from its hour items.
  for (const auto* buckets : {&hours, &days}) {
    auto stored = run_bounded_parallel(buckets->size(), parallelism,
                                       [&](std::size_t i) { return store((*buckets)[i]); });
    if (!stored) return stored.error();
  }
  return {};
}

domain::Result<void> RollupTable::store(const Bucket& bucket) {
  if (bucket.likely_new) {
    auto created = create(bucket);
    if (!created) return created.error();
    if (*created) return {};
  }
  return rebuild(bucket);
}

domain::Result<bool> RollupTable::create(const Bucket& bucket) {
  // The bucket's first write, as one conditional put: write count 1, covered by a rollup of this
  // write's own readings of the bucket. Whoever stored readings in it without having announced
  // them yet announces after this (count 2 or more) and rebuilds from the stored data.
  json::object item = rollup_fields(bucket.own);
  item["device_id"] = string_value(partition_of(bucket.device_id, bucket.grain));
  item["timestamp"] = number_value(bucket.start_ms);
  item["w"] = number_value(std::int64_t{1});
  item["done"] = number_value(std::int64_t{1});
  if (retention_days_ > 0) item["expires_at"] = number_value(expiry_of(bucket.grain, bucket.start_ms));
  auto put = client_.call("PutItem", {{"TableName", table_},
                                      {"Item", std::move(item)},
                                      {"ConditionExpression", "attribute_not_exists(device_id)"}});
  if (put) return true;
  if (put.error().type == "ConditionalCheckFailedException") return false;
  return to_domain_error(put.error(), "PutItem");
}

domain::Result<Rollup> RollupTable::recompute(const Bucket& bucket) {
  if (bucket.grain == RollupGrain::hour) {
    auto readings = readings_between(bucket.device_id, bucket.start_ms, bucket.start_ms + domain::kHourMs);
    if (!readings) return readings.error();
    return rollup_of(bucket.start_ms, *readings);
  }
  auto hours =
      rollups_between(bucket.device_id, RollupGrain::hour, bucket.start_ms, bucket.start_ms + domain::kDayMs);
  if (!hours) return hours.error();
  Rollup rollup;
  rollup.start_ms = bucket.start_ms;
  for (const auto& hour : *hours) rollup.merge(hour);
  return rollup;
}

domain::Result<void> RollupTable::rebuild(const Bucket& bucket) {
  const auto partition = partition_of(bucket.device_id, bucket.grain);
  const json::object key{{"device_id", string_value(partition)},
                         {"timestamp", number_value(bucket.start_ms)}};
  // 1. Announce this write: `w` counts the writes of the bucket. Everything this write stored is
  //    stored before its number is taken.
  json::object announce{{"TableName", table_},
                        {"Key", key},
                        {"UpdateExpression", "ADD #w :one"},
                        {"ExpressionAttributeNames", {{"#w", "w"}}},
                        {"ExpressionAttributeValues", {{":one", number_value(std::int64_t{1})}}},
                        {"ReturnValues", "UPDATED_NEW"}};
  if (retention_days_ > 0) {
    announce["UpdateExpression"] = "ADD #w :one SET #e = :e";
    announce["ExpressionAttributeNames"].as_object()["#e"] = "expires_at";
    announce["ExpressionAttributeValues"].as_object()[":e"] =
        number_value(expiry_of(bucket.grain, bucket.start_ms));
  }
  auto announced = client_.call("UpdateItem", announce);
  if (!announced) return to_domain_error(announced.error(), "UpdateItem");
  std::optional<std::int64_t> mine;
  if (const auto* attributes = announced->if_contains("Attributes");
      attributes != nullptr && attributes->is_object()) {
    mine = read_int64(attributes->as_object(), "w");
  }
  if (!mine) return domain::Error::internal("DynamoDB: no write count on " + partition);
  std::int64_t seen = *mine;  // a write count read before the rebuild below began
  for (int attempt = 1;; ++attempt) {
    // 2. The bucket from scratch: the hour from its readings, the day from its hours. It includes
    //    every write numbered up to `seen`, as their data was stored before `seen` was read. Write 1
    //    is the first: the bucket holds its own readings (and those of writes not announced yet).
    Rollup rollup = bucket.own;
    if (seen > 1) {
      auto recomputed = recompute(bucket);
      if (!recomputed) return recomputed.error();
      rollup = *recomputed;
    }
    // 3. Store it as covering writes 1..seen, unless a rebuild covering at least as many is stored.
    json::object values;
    std::string update = "SET #done = :done";
    json::object names{{"#done", "done"}};
    const auto fields = rollup_fields(rollup);
    for (const auto& [name, value] : fields) {
      const std::string placeholder(name);
      update.append(", #").append(placeholder).append(" = :").append(placeholder);
      names["#" + placeholder] = name;
      values[":" + placeholder] = value;
    }
    if (!rollup.battery_min) {
      update += " REMOVE #bmin";
      names["#bmin"] = "bmin";
    }
    values[":done"] = number_value(seen);
    auto stored =
        client_.call("UpdateItem", {{"TableName", table_},
                                    {"Key", key},
                                    {"UpdateExpression", update},
                                    {"ConditionExpression", "attribute_not_exists(#done) OR #done < :done"},
                                    {"ExpressionAttributeNames", std::move(names)},
                                    {"ExpressionAttributeValues", std::move(values)}});
    if (stored) return {};
    if (stored.error().type != "ConditionalCheckFailedException") {
      return to_domain_error(stored.error(), "UpdateItem");
    }
    // 4. Another rebuild was stored first. If it covers this write, the bucket is exact; if not,
    //    rebuild again from a fresher write count.
    auto current = client_.call("GetItem", {{"TableName", table_}, {"Key", key}, {"ConsistentRead", true}});
    if (!current) return to_domain_error(current.error(), "GetItem");
    const json::value* item = current->if_contains("Item");
    if (item == nullptr || !item->is_object())
      return domain::Error::internal("DynamoDB: " + partition + " vanished");
    const auto done = read_int64(item->as_object(), "done");
    if (done && *done >= *mine) return {};
    if (auto count = read_int64(item->as_object(), "w")) seen = *count;
    if (attempt >= kRebuildAttempts) {
      return domain::Error::unavailable("DynamoDB: the rollup of " + partition + " kept changing; retry");
    }
  }
}

domain::Result<std::vector<json::object>> RollupTable::query_items(const std::string& partition,
                                                                   std::int64_t from_ms, std::int64_t to_ms) {
  std::vector<json::object> out;
  if (from_ms >= to_ms) return out;
  json::object request{
      {"TableName", table_},
      {"KeyConditionExpression", "device_id = :d AND #ts BETWEEN :from AND :to"},
      {"ExpressionAttributeNames", {{"#ts", "timestamp"}}},
      {"ExpressionAttributeValues",
       {{":d", string_value(partition)}, {":from", number_value(from_ms)}, {":to", number_value(to_ms - 1)}}},
      {"ConsistentRead", true}};
  while (true) {
    auto response = client_.call("Query", request);
    if (!response) return to_domain_error(response.error(), "Query");
    if (const auto* items = response->if_contains("Items"); items != nullptr && items->is_array()) {
      for (const auto& item : items->as_array()) {
        if (item.is_object()) out.push_back(item.as_object());
      }
    }
    const json::value* last = response->if_contains("LastEvaluatedKey");
    if (last == nullptr || !last->is_object()) break;
    request["ExclusiveStartKey"] = last->as_object();
  }
  return out;
}

domain::Result<std::vector<domain::Reading>> RollupTable::readings_between(std::string_view device_id,
                                                                           std::int64_t from_ms,
                                                                           std::int64_t to_ms) {
  auto items = query_items(std::string(device_id), from_ms, to_ms);
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

domain::Result<std::vector<Rollup>> RollupTable::rollups_between(std::string_view device_id,
                                                                 RollupGrain grain, std::int64_t from_ms,
                                                                 std::int64_t to_ms) {
  const auto partition = partition_of(device_id, grain);
  auto items = query_items(partition, from_ms, to_ms);
  if (!items) return items.error();
  std::vector<Rollup> out;
  out.reserve(items->size());
  for (const auto& item : *items) {
    if (item.if_contains("n") == nullptr) continue;  // announced, not yet rebuilt
    auto rollup = rollup_from_item(item);
    if (!rollup) return domain::Error::internal("DynamoDB: unreadable rollup item of " + partition);
    if (rollup->count > 0) out.push_back(*rollup);
  }
  return out;
}

}  // namespace portfolio::storage::dynamodb
