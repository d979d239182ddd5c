#include "storage/dynamodb/dynamodb_store.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/client_factory.hpp"
#include "storage/dynamodb/dynamodb_store_impl.hpp"

namespace portfolio::storage::dynamodb {

namespace json = boost::json;

Result<void> DynamoDbStore::ping() {
  auto described = call("DescribeTable", {{"TableName", options_.users_table}});
  if (!described) {
    return described.error();
  }
  return {};
}

Result<std::size_t> DynamoDbStore::sweep_readings(std::int64_t /*before_ms*/, std::size_t /*max_readings*/) {
  return std::size_t{0};  // DynamoDB's TTL deletes expired readings by itself
}

Result<json::object> DynamoDbStore::call(std::string_view operation, const json::object& request) {
  auto response = client_->call(operation, request);
  if (!response) {
    return to_domain_error(response.error(), operation);
  }
  return std::move(*response);
}

Result<std::optional<json::object>> DynamoDbStore::get_item(const std::string& table, json::object key) {
  auto response = call("GetItem", {{"TableName", table}, {"Key", std::move(key)}, {"ConsistentRead", true}});
  if (!response) {
    return response.error();
  }
  const json::value* item = response->if_contains("Item");
  if (item == nullptr || !item->is_object()) {
    return std::optional<json::object>{};
  }
  return std::optional<json::object>{item->as_object()};
}

Result<CollectedPage> DynamoDbStore::collect(std::string_view operation, json::object request,
                                             KeySchema schema, const domain::PageRequest& page) {
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

}  // namespace portfolio::storage::dynamodb

namespace portfolio::storage {

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
