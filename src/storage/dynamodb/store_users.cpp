#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/dynamodb_store_impl.hpp"
#include "storage/dynamodb/item_codec.hpp"
#include "storage/dynamodb/request_token.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage::dynamodb {
namespace {

namespace json = boost::json;
using aws::AwsError;

constexpr std::array<KeyAttribute, 1> kUserKey{{{"user_id", 'S'}}};

constexpr int kTransactionAttempts = 5;  // for transactions that lost a race to another one

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

}  // namespace

Result<void> DynamoDbStore::create_user(const domain::User& user) {
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
      return domain::Error{domain::ErrorCode::conflict, "the names are being claimed by another request", {}};
    }
  }
  return to_domain_error(error, "TransactWriteItems");
}

Result<domain::User> DynamoDbStore::get_user(std::string_view user_id) {
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

Result<void> DynamoDbStore::update_user(const domain::User& before, const domain::User& after) {
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

Result<void> DynamoDbStore::delete_user(std::string_view user_id) {
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

Result<domain::Page<domain::User>> DynamoDbStore::list_users(const domain::PageRequest& page) {
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

boost::system::result<json::object, AwsError> DynamoDbStore::transact(json::array items) {
  for (int attempt = 1;; ++attempt) {
    json::object request{{"TransactItems", items}, {"ClientRequestToken", client_request_token()}};
    auto response = client_->call("TransactWriteItems", request);
    if (response || !lost_a_race(response.error()) || attempt >= kTransactionAttempts) {
      return response;
    }
    client_->sleep_for(client_->retry_policy().backoff(attempt - 1, thread_random()));
  }
}

}  // namespace portfolio::storage::dynamodb
