// create_tables: the local counterpart of the Terraform table definitions (same names, keys and
// on-demand billing), used by `portfolio-api create-tables` against emulators and fresh accounts.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "storage/dynamodb/all_pages.hpp"
#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/bounded_parallel.hpp"
#include "storage/dynamodb/client_factory.hpp"
#include "storage/dynamodb/device_registry.hpp"
#include "storage/dynamodb/dynamodb_store.hpp"
#include "storage/dynamodb/item_codec.hpp"

namespace portfolio::storage {
namespace {

namespace json = boost::json;

struct TableSpec {
  std::string name;
  std::string hash_key;
  std::optional<std::string> range_key;  // numeric
  // The devices table: by_shard (shard, device_id) and by_status (status_shard, device_id), all
  // attributes.
  bool sharded_index = false;
};

using dynamodb::DeviceRegistry;

constexpr std::size_t kBackfillParallelism = 8;  // concurrent UpdateItems of the status backfill

// A global secondary index of the devices table: `hash_key`, then device_id, all attributes.
json::object device_index(std::string_view name, std::string_view hash_key) {
  return json::object{
      {"IndexName", name},
      {"KeySchema", json::array{json::object{{"AttributeName", hash_key}, {"KeyType", "HASH"}},
                                json::object{{"AttributeName", "device_id"}, {"KeyType", "RANGE"}}}},
      {"Projection", json::object{{"ProjectionType", "ALL"}}}};
}

json::object create_table_request(const TableSpec& spec) {
  json::array attributes{json::object{{"AttributeName", spec.hash_key}, {"AttributeType", "S"}}};
  json::array schema{json::object{{"AttributeName", spec.hash_key}, {"KeyType", "HASH"}}};
  if (spec.range_key) {
    attributes.push_back(json::object{{"AttributeName", *spec.range_key}, {"AttributeType", "N"}});
    schema.push_back(json::object{{"AttributeName", *spec.range_key}, {"KeyType", "RANGE"}});
  }
  json::object request{
      {"TableName", spec.name}, {"KeySchema", std::move(schema)}, {"BillingMode", "PAY_PER_REQUEST"}};
  if (spec.sharded_index) {
    attributes.push_back(json::object{{"AttributeName", "shard"}, {"AttributeType", "S"}});
    attributes.push_back(
        json::object{{"AttributeName", DeviceRegistry::kStatusShard}, {"AttributeType", "S"}});
    request["GlobalSecondaryIndexes"] =
        json::array{device_index(DeviceRegistry::kIndex, "shard"),
                    device_index(DeviceRegistry::kStatusIndex, DeviceRegistry::kStatusShard)};
  }
  request["AttributeDefinitions"] = std::move(attributes);
  return request;
}

// dynalite and AWS build a new table's indexes after the table itself.
bool indexes_active(const json::object& table) {
  const auto* indexes = table.if_contains("GlobalSecondaryIndexes");
  if (indexes == nullptr || !indexes->is_array()) return true;
  for (const auto& index : indexes->as_array()) {
    const auto* status = index.is_object() ? index.as_object().if_contains("IndexStatus") : nullptr;
    if (status != nullptr && status->is_string() && status->as_string() != "ACTIVE") return false;
  }
  return true;
}

bool has_index(const json::object& table, std::string_view name) {
  const auto* indexes = table.if_contains("GlobalSecondaryIndexes");
  if (indexes == nullptr || !indexes->is_array()) return false;
  return std::any_of(indexes->as_array().begin(), indexes->as_array().end(), [&](const json::value& index) {
    const auto* index_name = index.is_object() ? index.as_object().if_contains("IndexName") : nullptr;
    return index_name != nullptr && index_name->is_string() && index_name->as_string() == name;
  });
}

// A devices table made before by_status (an upgrade): the index is added in place. DynamoDB builds
// it from the items that have `status_shard`, which older items lack until backfill_status_keys.
// Answers whether it added the index.
domain::Result<bool> add_status_index(aws::DynamoDbClient& client, const std::string& table) {
  auto described = client.call("DescribeTable", {{"TableName", table}});
  if (!described) return dynamodb::to_domain_error(described.error(), "DescribeTable");
  const auto* description = described->if_contains("Table");
  if (description == nullptr || !description->is_object()) {
    return domain::Error::unavailable("DescribeTable " + table + ": no table description");
  }
  if (has_index(description->as_object(), DeviceRegistry::kStatusIndex)) return false;
  json::object create{{"Create", device_index(DeviceRegistry::kStatusIndex, DeviceRegistry::kStatusShard)}};
  auto updated = client.call(
      "UpdateTable",
      {{"TableName", table},
       {"AttributeDefinitions",
        json::array{json::object{{"AttributeName", DeviceRegistry::kStatusShard}, {"AttributeType", "S"}},
                    json::object{{"AttributeName", "device_id"}, {"AttributeType", "S"}}}},
       {"GlobalSecondaryIndexUpdates", json::array{std::move(create)}}});
  if (!updated) {
    return domain::Error::unavailable("UpdateTable " + table + ": " + updated.error().type + " " +
                                      updated.error().message);
  }
  return true;
}

// Device items written before by_status have no `status_shard` and so are in no status run: each
// gets it from its stored status. A reading stored meanwhile writes the key itself, hence the
// condition (a failed one is that reading's doing). Idempotent: a second run finds nothing to do.
domain::Result<void> backfill_status_keys(aws::DynamoDbClient& client, const std::string& table) {
  json::object scan{{"TableName", table},
                    {"ConsistentRead", true},
                    {"FilterExpression", "attribute_not_exists(#ss)"},
                    {"ProjectionExpression", "#id, #st"},
                    {"ExpressionAttributeNames",
                     {{"#ss", DeviceRegistry::kStatusShard}, {"#id", "device_id"}, {"#st", "status"}}}};
  const auto update_page = [&](const json::array& items) -> domain::Result<void> {
    const auto update_one = [&](std::size_t i) -> domain::Result<void> {
      const auto& item = items[i].as_object();
      auto device_id = dynamodb::read_string(item, "device_id");
      auto status_text = dynamodb::read_string(item, "status");
      auto status = status_text ? domain::parse_device_status(*status_text) : std::nullopt;
      if (!device_id || !status) return domain::Error::internal("DynamoDB: unreadable item in " + table);
      auto response = client.call(
          "UpdateItem",
          {{"TableName", table},
           {"Key", {{"device_id", dynamodb::string_value(*device_id)}}},
           {"UpdateExpression", "SET #ss = :ss"},
           {"ConditionExpression", "attribute_not_exists(#ss) AND #st = :st"},
           {"ExpressionAttributeNames", {{"#ss", DeviceRegistry::kStatusShard}, {"#st", "status"}}},
           {"ExpressionAttributeValues",
            {{":ss", dynamodb::string_value(DeviceRegistry::status_shard_of(*status, *device_id))},
             {":st", dynamodb::string_value(*status_text)}}}});
      if (!response && response.error().type != "ConditionalCheckFailedException") {
        return dynamodb::to_domain_error(response.error(), "UpdateItem");
      }
      return {};
    };
    return dynamodb::run_bounded_parallel(items.size(), kBackfillParallelism, update_one);
  };
  return dynamodb::for_each_page(client, "Scan", std::move(scan), update_page);
}

}  // namespace

domain::Result<void> create_tables(const DynamoDbOptions& options) {
  auto credentials = dynamodb::credentials_for(options);
  if (auto first = credentials->get(); !first) {
    return first.error();
  }
  std::unique_ptr<aws::DynamoDbClient> client;
  try {
    client = dynamodb::make_client(options, credentials);
  } catch (const std::invalid_argument& bad_endpoint) {
    return domain::Error::validation(bad_endpoint.what());
  }
  const std::vector<TableSpec> tables{{options.users_table, "user_id", std::nullopt},
                                      {options.uniques_table, "unique_key", std::nullopt},
                                      {options.metrics_table, "device_id", "timestamp"},
                                      {options.devices_table, "device_id", std::nullopt, true}};
  bool index_added = false;
  for (const auto& table : tables) {
    auto created = client->call("CreateTable", create_table_request(table));
    if (!created && created.error().type != "ResourceInUseException") {
      return domain::Error::unavailable("CreateTable " + table.name + ": " + created.error().type + " " +
                                        created.error().message);
    }
    if (!created && table.sharded_index) {
      auto added = add_status_index(*client, table.name);
      if (!added) return added.error();
      index_added = *added;
    }
  }
  // New tables are CREATING for a while (about half a second on dynalite, longer on AWS); an index
  // added to a full table is built from its items (minutes on AWS for a large fleet).
  const auto deadline =
      std::chrono::steady_clock::now() + (index_added ? std::chrono::minutes{30} : std::chrono::minutes{2});
  for (const auto& table : tables) {
    while (true) {
      auto described = client->call("DescribeTable", {{"TableName", table.name}});
      if (!described) {
        return domain::Error::unavailable("DescribeTable " + table.name + ": " + described.error().message);
      }
      const json::value* status = nullptr;
      if (const auto* description = described->if_contains("Table");
          description && description->is_object()) {
        status = description->as_object().if_contains("TableStatus");
      }
      if (status != nullptr && status->is_string() && status->as_string() == "ACTIVE" &&
          indexes_active(described->at("Table").as_object())) {
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        return domain::Error::unavailable("table " + table.name + " did not become ACTIVE in time");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }
  if (auto backfilled = backfill_status_keys(*client, options.devices_table); !backfilled) {
    return backfilled.error();
  }
  // Readings expire by TTL on `expires_at` (written when READINGS_RETENTION_DAYS is set). An emulator
  // without the operation (dynalite) keeps them; that is no reason to fail the bootstrap.
  auto ttl =
      client->call("UpdateTimeToLive",
                   {{"TableName", options.metrics_table},
                    {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires_at"}}}});
  if (!ttl && ttl.error().type != "ValidationException" && ttl.error().type != "UnknownOperationException") {
    return domain::Error::unavailable("UpdateTimeToLive " + options.metrics_table + ": " + ttl.error().type +
                                      " " + ttl.error().message);
  }
  return {};
}

}  // namespace portfolio::storage
