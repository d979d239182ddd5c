// create_tables: the local counterpart of the Terraform table definitions (same names, keys and
// on-demand billing), used by `portfolio-api create-tables` against emulators and fresh accounts.
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "storage/dynamodb/client_factory.hpp"
#include "storage/dynamodb/device_registry.hpp"
#include "storage/dynamodb/dynamodb_store.hpp"

namespace portfolio::storage {
namespace {

namespace json = boost::json;

struct TableSpec {
  std::string name;
  std::string hash_key;
  std::optional<std::string> range_key;  // numeric
  bool sharded_index = false;            // the devices table: by_shard (shard, device_id), all attributes
};

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
    request["GlobalSecondaryIndexes"] = json::array{json::object{
        {"IndexName", dynamodb::DeviceRegistry::kIndex},
        {"KeySchema", json::array{json::object{{"AttributeName", "shard"}, {"KeyType", "HASH"}},
                                  json::object{{"AttributeName", spec.hash_key}, {"KeyType", "RANGE"}}}},
        {"Projection", json::object{{"ProjectionType", "ALL"}}}}};
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
  for (const auto& table : tables) {
    auto created = client->call("CreateTable", create_table_request(table));
    if (!created && created.error().type != "ResourceInUseException") {
      return domain::Error::unavailable("CreateTable " + table.name + ": " + created.error().type + " " +
                                        created.error().message);
    }
  }
  // New tables are CREATING for a while (about half a second on dynalite, longer on AWS).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes{2};
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
