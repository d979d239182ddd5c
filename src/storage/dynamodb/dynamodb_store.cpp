#include "storage/dynamodb/dynamodb_store.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <random>

#include "aws/dynamodb_client.hpp"
#include "storage/device_filter.hpp"
#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/bounded_parallel.hpp"
#include "storage/dynamodb/client_factory.hpp"
#include "storage/dynamodb/device_registry.hpp"
#include "storage/dynamodb/item_codec.hpp"
#include "storage/dynamodb/position_token.hpp"
#include "storage/dynamodb/prefetched_source.hpp"
#include "storage/dynamodb/rollup_table.hpp"
#include "storage/rollup_query.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage {
namespace dynamodb {
namespace {

namespace json = boost::json;
using aws::AwsError;

constexpr std::array<KeyAttribute, 1> kUserKey{{{"user_id", 'S'}}};
constexpr std::array<KeyAttribute, 2> kReadingKey{{{"device_id", 'S'}, {"timestamp", 'N'}}};
constexpr std::array<KeyAttribute, 1> kDeviceKey{{{"device_id", 'S'}}};

constexpr std::size_t kBatchWriteLimit = 25;  // DynamoDB's maximum per BatchWriteItem
constexpr int kTransactionAttempts = 5;       // for transactions that lost a race to another one
constexpr std::size_t kBatchParallelism = 8;  // concurrent calls of one put_readings
constexpr std::size_t kReadParallelism = 8;   // concurrent Queries of one summary page or series

std::mt19937_64& thread_random() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

// An idempotency token: retries of one transaction after a lost answer are not applied twice.
std::string client_request_token() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(32, '0');
  for (char& c : token) {
    c = kHex[thread_random()() & 0x0f];
  }
  return token;
}

bool is_cancelled(const AwsError& error) {
  return error.type == "TransactionCanceledException";
}

bool reason_is(const AwsError& error, std::size_t index, std::string_view code) {
  return index < error.cancellation_reasons.size() && error.cancellation_reasons[index] == code;
}

bool lost_a_race(const AwsError& error) {
  return is_cancelled(error) &&
         std::any_of(error.cancellation_reasons.begin(), error.cancellation_reasons.end(),
                     [](const auto& code) { return code == "TransactionConflict"; }) &&
         std::none_of(error.cancellation_reasons.begin(), error.cancellation_reasons.end(),
                      [](const auto& code) { return code == "ConditionalCheckFailed"; });
}

json::object marker_put(const std::string& table, const std::string& marker, const std::string& user_id) {
  return {{"Put",
           {{"TableName", table},
            {"Item", {{"unique_key", string_value(marker)}, {"user_id", string_value(user_id)}}},
            {"ConditionExpression", "attribute_not_exists(unique_key)"}}}};
}

json::object marker_delete(const std::string& table, const std::string& marker) {
  return {{"Delete", {{"TableName", table}, {"Key", {{"unique_key", string_value(marker)}}}}}};
}

struct CollectedPage {
  json::array items;
  std::optional<std::string> next;
};

class DynamoDbStore final : public Store {
 public:
  DynamoDbStore(DynamoDbOptions options, std::unique_ptr<aws::DynamoDbClient> client)
      : options_(std::move(options)),
        client_(std::move(client)),
        registry_(*client_, options_.devices_table),
        rollups_(*client_, options_.metrics_table, options_.retention_days) {}

  std::string_view backend() const override { return "dynamodb"; }

  Result<void> ping() override {
    auto described = call("DescribeTable", {{"TableName", options_.users_table}});
    if (!described) {
      return described.error();
    }
    return {};
  }

  Result<void> create_user(const domain::User& user) override {
    json::array items{json::object{{"Put",
                                    {{"TableName", options_.users_table},
                                     {"Item", user_item(user)},
                                     {"ConditionExpression", "attribute_not_exists(user_id)"}}}},
                      marker_put(options_.uniques_table, username_marker(user.username), user.user_id),
                      marker_put(options_.uniques_table, email_marker(user.email), user.user_id)};
    auto written = transact(std::move(items));
    if (written) {
      return {};
    }
    const AwsError& error = written.error();
    if (is_cancelled(error)) {
      if (reason_is(error, 1, "ConditionalCheckFailed")) {
        return username_taken();
      }
      if (reason_is(error, 2, "ConditionalCheckFailed")) {
        return email_taken();
      }
      if (reason_is(error, 0, "ConditionalCheckFailed")) {
        return domain::Error{domain::ErrorCode::conflict, "a user with this id already exists", {}};
      }
      if (lost_a_race(error)) {
        return domain::Error{
            domain::ErrorCode::conflict, "the names are being claimed by another request", {}};
      }
    }
    return to_domain_error(error, "TransactWriteItems");
  }

  Result<domain::User> get_user(std::string_view user_id) override {
    auto item = get_item(options_.users_table, {{"user_id", string_value(user_id)}});
    if (!item) {
      return item.error();
    }
    if (!*item) {
      return user_not_found();
    }
    auto user = user_from_item(**item);
    if (!user) {
      return domain::Error::internal("DynamoDB: unreadable user item " + std::string(user_id));
    }
    return *user;
  }

  Result<void> update_user(const domain::User& before, const domain::User& after) override {
    json::array items{
        json::object{{"Put",
                      {{"TableName", options_.users_table},
                       {"Item", user_item(after)},
                       {"ConditionExpression", "#u = :u"},
                       {"ExpressionAttributeNames", {{"#u", "updated_at"}}},
                       {"ExpressionAttributeValues", {{":u", string_value(before.updated_at)}}}}}}};
    std::size_t username_index = 0;
    std::size_t email_index = 0;
    if (username_marker(before.username) != username_marker(after.username)) {
      items.push_back(marker_delete(options_.uniques_table, username_marker(before.username)));
      username_index = items.size();
      items.push_back(marker_put(options_.uniques_table, username_marker(after.username), after.user_id));
    }
    if (email_marker(before.email) != email_marker(after.email)) {
      items.push_back(marker_delete(options_.uniques_table, email_marker(before.email)));
      email_index = items.size();
      items.push_back(marker_put(options_.uniques_table, email_marker(after.email), after.user_id));
    }
    auto written = transact(std::move(items));
    if (written) {
      return {};
    }
    const AwsError& error = written.error();
    if (!is_cancelled(error)) {
      return to_domain_error(error, "TransactWriteItems");
    }
    if (reason_is(error, 0, "ConditionalCheckFailed")) {
      auto current = get_item(options_.users_table, {{"user_id", string_value(before.user_id)}});
      if (!current) {
        return current.error();
      }
      if (!*current) {
        return user_not_found();
      }
      return user_changed();
    }
    if (username_index != 0 && reason_is(error, username_index, "ConditionalCheckFailed")) {
      return username_taken();
    }
    if (email_index != 0 && reason_is(error, email_index, "ConditionalCheckFailed")) {
      return email_taken();
    }
    return domain::Error{domain::ErrorCode::conflict, "the update lost a race with another request", {}};
  }

  Result<void> delete_user(std::string_view user_id) override {
    // Read, then delete on condition that nothing changed in between, so the markers removed are
    // the user's current ones.
    for (int attempt = 0; attempt < kTransactionAttempts; ++attempt) {
      auto user = get_user(user_id);
      if (!user) {
        return user.error();
      }
      json::array items{
          json::object{{"Delete",
                        {{"TableName", options_.users_table},
                         {"Key", {{"user_id", string_value(user_id)}}},
                         {"ConditionExpression", "#u = :u"},
                         {"ExpressionAttributeNames", {{"#u", "updated_at"}}},
                         {"ExpressionAttributeValues", {{":u", string_value(user->updated_at)}}}}}},
          marker_delete(options_.uniques_table, username_marker(user->username)),
          marker_delete(options_.uniques_table, email_marker(user->email))};
      auto written = transact(std::move(items));
      if (written) {
        return {};
      }
      if (!is_cancelled(written.error())) {
        return to_domain_error(written.error(), "TransactWriteItems");
      }
    }
    return domain::Error{domain::ErrorCode::conflict, "the user kept changing during the delete", {}};
  }

  Result<domain::Page<domain::User>> list_users(const domain::PageRequest& page) override {
    json::object request{{"TableName", options_.users_table}, {"ConsistentRead", true}};
    auto collected = collect("Scan", std::move(request), kUserKey, page);
    if (!collected) {
      return collected.error();
    }
    domain::Page<domain::User> out;
    for (const auto& item : collected->items) {
      auto user = user_from_item(item.as_object());
      if (!user) {
        return domain::Error::internal("DynamoDB: unreadable user item in " + options_.users_table);
      }
      out.items.push_back(std::move(*user));
    }
    out.next = std::move(collected->next);
    return out;
  }

  Result<void> put_reading(const domain::Reading& reading) override {
    auto put = call("PutItem", {{"TableName", options_.metrics_table}, {"Item", stored_item(reading)}});
    if (!put) {
      return put.error();
    }
    const std::array<const domain::Reading*, 1> written{&reading};
    return after_readings_stored(written);
  }

  Result<void> put_readings(std::span<const domain::Reading> readings) override {
    // One BatchWriteItem may not name a key twice; the last reading of a key wins, as it would if
    // the readings were written one by one.
    std::map<std::pair<std::string, std::int64_t>, const domain::Reading*> by_key;
    for (const auto& reading : readings) {
      by_key[{reading.device_id, reading.timestamp_ms}] = &reading;
    }
    std::vector<const domain::Reading*> unique;
    unique.reserve(by_key.size());
    for (const auto& [key, reading] : by_key) unique.push_back(reading);
    const std::size_t chunks = (unique.size() + kBatchWriteLimit - 1) / kBatchWriteLimit;
    auto written = run_bounded_parallel(chunks, kBatchParallelism, [&](std::size_t chunk) {
      json::array requests;
      const std::size_t first = chunk * kBatchWriteLimit;
      for (std::size_t i = first; i < std::min(unique.size(), first + kBatchWriteLimit); ++i) {
        requests.push_back(json::object{{"PutRequest", {{"Item", stored_item(*unique[i])}}}});
      }
      return batch_write(std::move(requests));
    });
    if (!written) {
      return written.error();
    }
    return after_readings_stored(unique);
  }

  Result<domain::Page<domain::Reading>> device_history(const HistoryQuery& query) override {
    if (query.page.after) {
      auto start = decode_position(*query.page.after, kReadingKey);
      if (!start) {
        return start.error();
      }
      if (read_string(*start, "device_id") != query.device_id) {
        return domain::Error::field("cursor", "belongs to another device");
      }
    }
    domain::Page<domain::Reading> out;
    if (query.from_ms <= query.to_ms) {
      json::object request{{"TableName", options_.metrics_table},
                           {"KeyConditionExpression", "device_id = :d AND #ts BETWEEN :from AND :to"},
                           {"ExpressionAttributeNames", {{"#ts", "timestamp"}}},
                           {"ExpressionAttributeValues",
                            {{":d", string_value(query.device_id)},
                             {":from", number_value(query.from_ms)},
                             {":to", number_value(query.to_ms)}}},
                           {"ScanIndexForward", query.order == SortOrder::ascending},
                           {"ConsistentRead", true}};
      auto collected = collect("Query", std::move(request), kReadingKey, query.page);
      if (!collected) {
        return collected.error();
      }
      for (const auto& item : collected->items) {
        auto reading = reading_from_item(item.as_object());
        if (!reading) {
          return domain::Error::internal("DynamoDB: unreadable reading of " + query.device_id);
        }
        out.items.push_back(std::move(*reading));
      }
      out.next = std::move(collected->next);
    }
    if (out.items.empty() && !query.page.after) {
      auto device = get_item(options_.devices_table, {{"device_id", string_value(query.device_id)}});
      if (!device) {
        return device.error();
      }
      if (!*device) {
        return device_not_found();
      }
    }
    return out;
  }

  Result<domain::Page<domain::DeviceState>> list_devices(const DeviceQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    auto after = device_after(query.page);
    if (!after) {
      return after.error();
    }
    auto page = registry_.page(query.filter, *after, query.page.limit);
    if (!page) {
      return page.error();
    }
    domain::Page<domain::DeviceState> out{std::move(page->items), std::nullopt};
    if (page->next) out.next = encode_position({{"device_id", string_value(*page->next)}});
    return out;
  }

  Result<domain::DeviceStats> device_stats(const StatsQuery& query) override {
    auto devices = all_devices();
    if (!devices) {
      return devices.error();
    }
    domain::DeviceStats stats;
    for (const auto& device : *devices)
      stats.count(device.latest, query.online_since_ms, query.low_battery_below);
    return stats;
  }

  Result<domain::Page<domain::DeviceSummary>> summarize(const SummaryQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    auto start = device_after(query.page);
    if (!start) {
      return start.error();
    }
    const auto& after = *start;
    std::vector<std::string> device_ids;
    domain::Page<domain::DeviceSummary> out;
    if (query.device_id) {
      if (!after) device_ids.push_back(*query.device_id);
    } else {
      // Devices seen since the window began, one page of the sharded index.
      DeviceFilter seen_since;
      seen_since.online = true;
      seen_since.online_since_ms = query.from_ms;
      auto page = registry_.page(seen_since, after, query.page.limit);
      if (!page) {
        return page.error();
      }
      for (const auto& device : page->items) device_ids.push_back(device.device_id);
      if (page->next) out.next = encode_position({{"device_id", string_value(*page->next)}});
    }
    // Every device's pieces (rollups for whole days and hours, raw readings at the edges) are
    // independent Queries: all of the page's run a few at a time, never one after another.
    const auto pieces = plan_query(query.from_ms, query.to_ms, 0);
    std::vector<PrefetchedSource> sources;
    sources.reserve(device_ids.size());
    for (const auto& id : device_ids) sources.emplace_back(id, pieces);
    auto fetched =
        run_bounded_parallel(device_ids.size() * pieces.size(), kReadParallelism, [&](std::size_t task) {
          return sources[task / pieces.size()].fetch(rollups_, task % pieces.size());
        });
    if (!fetched) {
      return fetched.error();
    }
    for (std::size_t i = 0; i < device_ids.size(); ++i) {
      auto summary = summarize_device(sources[i], device_ids[i], query.from_ms, query.to_ms);
      if (!summary) return summary.error();
      if (*summary) out.items.push_back(std::move(**summary));
    }
    return out;
  }

  Result<std::vector<domain::SeriesBucket>> series(const SeriesQuery& query) override {
    auto device = get_item(options_.devices_table, {{"device_id", string_value(query.device_id)}});
    if (!device) {
      return device.error();
    }
    if (!*device) {
      return device_not_found();
    }
    PrefetchedSource source(query.device_id, plan_query(query.from_ms, query.to_ms, query.bucket_ms));
    auto fetched = run_bounded_parallel(source.size(), kReadParallelism,
                                        [&](std::size_t i) { return source.fetch(rollups_, i); });
    if (!fetched) {
      return fetched.error();
    }
    return series_of(source, query);
  }

  Result<std::size_t> sweep_readings(std::int64_t /*before_ms*/, std::size_t /*max_readings*/) override {
    return std::size_t{0};  // DynamoDB's TTL deletes expired readings by itself
  }

 private:
  // Once the readings are stored (one per key): each device's latest record, then the rollups.
  // Both only after every reading is stored, so neither ever points past the history. The latest
  // update answers what the device's latest was before, which tells the rollups which days are
  // most likely new (created in one call each).
  Result<void> after_readings_stored(std::span<const domain::Reading* const> readings) {
    std::map<std::string, const domain::Reading*> newest;
    for (const auto* reading : readings) {
      auto& slot = newest[reading->device_id];
      if (slot == nullptr || slot->timestamp_ms <= reading->timestamp_ms) slot = reading;
    }
    std::vector<const domain::Reading*> latest;
    latest.reserve(newest.size());
    for (const auto& entry : newest) latest.push_back(entry.second);
    std::vector<std::optional<std::int64_t>> before(latest.size());
    auto updated = run_bounded_parallel(latest.size(), kBatchParallelism, [&](std::size_t i) -> Result<void> {
      auto previous = update_latest(*latest[i]);
      if (!previous) return previous.error();
      before[i] = *previous;
      return {};
    });
    if (!updated) {
      return updated.error();
    }
    RollupTable::NewestBefore newest_before;
    for (std::size_t i = 0; i < latest.size(); ++i) {
      if (before[i]) newest_before.emplace(latest[i]->device_id, *before[i]);
    }
    return rollups_.refresh(readings, &newest_before, kBatchParallelism);
  }

  // A reading's item, with its TTL attribute when readings expire.
  json::object stored_item(const domain::Reading& reading) const {
    auto item = reading_item(reading);
    if (options_.retention_days > 0) {
      const std::int64_t seconds =
          reading.timestamp_ms / 1000 + static_cast<std::int64_t>(options_.retention_days) * 86'400;
      item["expires_at"] = number_value(seconds);
    }
    return item;
  }

  // The device a page resumes after, from its position token.
  static Result<std::optional<std::string>> device_after(const domain::PageRequest& page) {
    if (!page.after) return std::optional<std::string>{};
    auto start = decode_position(*page.after, kDeviceKey);
    if (!start) return start.error();
    auto id = read_string(*start, "device_id");
    if (!id) return invalid_position();
    return std::optional<std::string>{std::move(*id)};
  }

  Result<json::object> call(std::string_view operation, const json::object& request) {
    auto response = client_->call(operation, request);
    if (!response) {
      return to_domain_error(response.error(), operation);
    }
    return std::move(*response);
  }

  // TransactWriteItems, retried when it lost a race to a concurrent transaction on the same items
  // (no condition failed: the outcome is simply not decided yet).
  boost::system::result<json::object, AwsError> transact(json::array items) {
    for (int attempt = 1;; ++attempt) {
      json::object request{{"TransactItems", items}, {"ClientRequestToken", client_request_token()}};
      auto response = client_->call("TransactWriteItems", request);
      if (response || !lost_a_race(response.error()) || attempt >= kTransactionAttempts) {
        return response;
      }
      client_->sleep_for(client_->retry_policy().backoff(attempt - 1, thread_random()));
    }
  }

  Result<std::optional<json::object>> get_item(const std::string& table, json::object key) {
    auto response =
        call("GetItem", {{"TableName", table}, {"Key", std::move(key)}, {"ConsistentRead", true}});
    if (!response) {
      return response.error();
    }
    const json::value* item = response->if_contains("Item");
    if (item == nullptr || !item->is_object()) {
      return std::optional<json::object>{};
    }
    return std::optional<json::object>{item->as_object()};
  }

  // Runs a Query or Scan from the page's position until it has one item more than the page holds,
  // or the end. The extra item proves there is a next page, so the last page never ends with a
  // position that leads to an empty one; the position is the key of the page's last item.
  Result<CollectedPage> collect(std::string_view operation, json::object request, KeySchema schema,
                                const domain::PageRequest& page) {
    const std::size_t limit = std::max<std::size_t>(page.limit, 1);
    if (page.after) {
      auto start = decode_position(*page.after, schema);
      if (!start) {
        return start.error();
      }
      request["ExclusiveStartKey"] = std::move(*start);
    }
    CollectedPage out;
    while (true) {
      request["Limit"] = limit + 1 - out.items.size();
      auto response = call(operation, request);
      if (!response) {
        return response.error();
      }
      if (const auto* items = response->if_contains("Items"); items != nullptr && items->is_array()) {
        for (const auto& item : items->as_array()) {
          out.items.push_back(item);
        }
      }
      const json::value* last = response->if_contains("LastEvaluatedKey");
      if (last == nullptr || !last->is_object() || out.items.size() > limit) {
        break;
      }
      request["ExclusiveStartKey"] = last->as_object();
    }
    if (out.items.size() > limit) {
      out.items.resize(limit);
      out.next = encode_position(key_of(out.items.back().as_object(), schema));
    }
    return out;
  }

  Result<std::vector<domain::DeviceState>> all_devices() {
    std::vector<domain::DeviceState> devices;
    json::object request{{"TableName", options_.devices_table}, {"ConsistentRead", true}};
    while (true) {
      auto response = call("Scan", request);
      if (!response) {
        return response.error();
      }
      if (const auto* items = response->if_contains("Items"); items != nullptr && items->is_array()) {
        for (const auto& item : items->as_array()) {
          auto reading = reading_from_item(item.as_object());
          if (!reading) {
            return domain::Error::internal("DynamoDB: unreadable item in " + options_.devices_table);
          }
          devices.push_back(domain::DeviceState{reading->device_id, std::move(*reading)});
        }
      }
      const json::value* last = response->if_contains("LastEvaluatedKey");
      if (last == nullptr || !last->is_object()) {
        break;
      }
      request["ExclusiveStartKey"] = last->as_object();
    }
    std::sort(devices.begin(), devices.end(),
              [](const auto& a, const auto& b) { return a.device_id < b.device_id; });
    return devices;
  }

  // Keeps the device's latest reading: written only when it is not older than the stored one, so
  // concurrent and out-of-order writers converge on the newest reading. Answers the timestamp of
  // the latest reading stored before (nullopt: none; this reading's own when a newer one is stored).
  Result<std::optional<std::int64_t>> update_latest(const domain::Reading& reading) {
    std::string update = "SET #ts = :ts, #te = :te, #hu = :hu, #st = :st, #sh = :sh";
    json::object values{{":sh", string_value(DeviceRegistry::shard_of(reading.device_id))},
                        {":ts", number_value(reading.timestamp_ms)},
                        {":te", number_value(reading.temperature)},
                        {":hu", number_value(reading.humidity)},
                        {":st", string_value(domain::to_string(reading.status))}};
    std::vector<std::string> removed;
    if (reading.battery_level) {
      update += ", #ba = :ba";
      values[":ba"] = number_value(*reading.battery_level);
    } else {
      removed.emplace_back("#ba");
    }
    if (reading.location) {
      update += ", #lo = :lo";
      values[":lo"] = string_value(*reading.location);
    } else {
      removed.emplace_back("#lo");
    }
    for (std::size_t i = 0; i < removed.size(); ++i) {
      update += (i == 0 ? " REMOVE " : ", ") + removed[i];
    }
    auto response =
        client_->call("UpdateItem", {{"TableName", options_.devices_table},
                                     {"Key", {{"device_id", string_value(reading.device_id)}}},
                                     {"UpdateExpression", update},
                                     {"ConditionExpression", "attribute_not_exists(device_id) OR #ts <= :ts"},
                                     {"ExpressionAttributeNames",
                                      {{"#ts", "timestamp"},
                                       {"#te", "temperature"},
                                       {"#hu", "humidity"},
                                       {"#st", "status"},
                                       {"#ba", "battery_level"},
                                       {"#lo", "location"},
                                       {"#sh", "shard"}}},
                                     {"ExpressionAttributeValues", std::move(values)},
                                     {"ReturnValues", "UPDATED_OLD"}});
    if (!response) {
      if (response.error().type == "ConditionalCheckFailedException") {
        return std::optional<std::int64_t>{reading.timestamp_ms};  // a newer reading is the latest
      }
      return to_domain_error(response.error(), "UpdateItem");
    }
    const auto* old = response->if_contains("Attributes");
    if (old == nullptr || !old->is_object()) return std::optional<std::int64_t>{};
    return read_int64(old->as_object(), "timestamp");
  }

  // BatchWriteItem, resubmitting UnprocessedItems (what DynamoDB throttled) with backoff.
  Result<void> batch_write(json::array requests) {
    const aws::RetryPolicy& policy = client_->retry_policy();
    for (int attempt = 1;; ++attempt) {
      auto response =
          call("BatchWriteItem", {{"RequestItems", {{options_.metrics_table, std::move(requests)}}}});
      if (!response) {
        return response.error();
      }
      const json::value* unprocessed = response->if_contains("UnprocessedItems");
      const json::value* left = nullptr;
      if (unprocessed != nullptr && unprocessed->is_object()) {
        left = unprocessed->as_object().if_contains(options_.metrics_table);
      }
      if (left == nullptr || !left->is_array() || left->as_array().empty()) {
        return {};
      }
      if (attempt >= policy.max_attempts) {
        return domain::Error::unavailable("DynamoDB BatchWriteItem: items still unprocessed after " +
                                          std::to_string(attempt) + " attempts");
      }
      requests = left->as_array();
      client_->sleep_for(policy.backoff(attempt - 1, thread_random()));
    }
  }

  DynamoDbOptions options_;
  std::unique_ptr<aws::DynamoDbClient> client_;
  DeviceRegistry registry_;
  RollupTable rollups_;
};

}  // namespace

}  // namespace dynamodb

domain::Result<std::unique_ptr<Store>> open_dynamodb_store(const DynamoDbOptions& options) {
  auto credentials = dynamodb::credentials_for(options);
  if (auto first = credentials->get(); !first) {
    return first.error();
  }
  try {
    return std::unique_ptr<Store>(
        std::make_unique<dynamodb::DynamoDbStore>(options, dynamodb::make_client(options, credentials)));
  } catch (const std::invalid_argument& bad_endpoint) {
    return domain::Error::validation(bad_endpoint.what());
  }
}

}  // namespace portfolio::storage
