#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.hpp"
#include "domain/error.hpp"

namespace portfolio::storage::dynamodb {

// Every item a Query or Scan matches, following LastEvaluatedKey to the last page. Only for requests
// bounded by their key condition (one device's window, one day's items) or meant to read a whole
// table (the fleet totals); paged reads go through DynamoDbStore::collect instead.
domain::Result<std::vector<boost::json::object>> all_pages(aws::DynamoDbClient& client,
                                                           std::string_view operation,
                                                           boost::json::object request);

}  // namespace portfolio::storage::dynamodb
