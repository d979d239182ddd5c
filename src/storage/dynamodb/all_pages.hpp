#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.hpp"
#include "domain/error.hpp"

namespace portfolio::storage::dynamodb {

// Every page of a Query or Scan, following LastEvaluatedKey to the last one: `on_page` is given each
// page's items as they arrive (at most 1 MB each), so a whole-table read holds one page at a time.
// Only for requests bounded by their key condition (one device's window, one day's items) or meant
// to read a whole table (the fleet totals); paged reads go through DynamoDbStore::collect instead.
domain::Result<void> for_each_page(
    aws::DynamoDbClient& client, std::string_view operation, boost::json::object request,
    const std::function<domain::Result<void>(const boost::json::array&)>& on_page);

// Every item of every page, collected (for reads bounded by their key condition).
domain::Result<std::vector<boost::json::object>> all_pages(aws::DynamoDbClient& client,
                                                           std::string_view operation,
                                                           boost::json::object request);

}  // namespace portfolio::storage::dynamodb
