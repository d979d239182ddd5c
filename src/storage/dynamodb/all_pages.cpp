#include "storage/dynamodb/all_pages.hpp"

#include "storage/dynamodb/aws_errors.hpp"

namespace portfolio::storage::dynamodb {

domain::Result<void> for_each_page(
    aws::DynamoDbClient& client, std::string_view operation, boost::json::object request,
    const std::function<domain::Result<void>(const boost::json::array&)>& on_page) {
  const boost::json::array none;
  while (true) {
    auto response = client.call(operation, request);
    if (!response) return to_domain_error(response.error(), operation);
    const auto* items = response->if_contains("Items");
    auto handled = on_page(items != nullptr && items->is_array() ? items->as_array() : none);
    if (!handled) return handled.error();
    const boost::json::value* last = response->if_contains("LastEvaluatedKey");
    if (last == nullptr || !last->is_object()) return {};
    request["ExclusiveStartKey"] = last->as_object();
  }
}

domain::Result<std::vector<boost::json::object>> all_pages(aws::DynamoDbClient& client,
                                                           std::string_view operation,
                                                           boost::json::object request) {
  std::vector<boost::json::object> out;
  const auto collect = [&out](const boost::json::array& items) -> domain::Result<void> {
    for (const auto& item : items) {
      if (item.is_object()) out.push_back(item.as_object());
    }
    return {};
  };
  auto read = for_each_page(client, operation, std::move(request), collect);
  if (!read) return read.error();
  return out;
}

}  // namespace portfolio::storage::dynamodb
