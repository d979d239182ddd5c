#include "storage/dynamodb/all_pages.hpp"

#include "storage/dynamodb/aws_errors.hpp"

namespace portfolio::storage::dynamodb {

domain::Result<std::vector<boost::json::object>> all_pages(aws::DynamoDbClient& client,
                                                           std::string_view operation,
                                                           boost::json::object request) {
  std::vector<boost::json::object> out;
  while (true) {
    auto response = client.call(operation, request);
    if (!response) return to_domain_error(response.error(), operation);
    if (const auto* items = response->if_contains("Items"); items != nullptr && items->is_array()) {
      for (const auto& item : items->as_array()) {
        if (item.is_object()) out.push_back(item.as_object());
      }
    }
    const boost::json::value* last = response->if_contains("LastEvaluatedKey");
    if (last == nullptr || !last->is_object()) break;
    request["ExclusiveStartKey"] = last->as_object();
  }
  return out;
}

}  // namespace portfolio::storage::dynamodb
