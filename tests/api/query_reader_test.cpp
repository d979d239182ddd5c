#include "api/query_reader.hpp"

#include <gtest/gtest.h>

namespace portfolio::api {
namespace {

ApiRequest with_query(std::vector<std::pair<std::string, std::string>> query) {
  ApiRequest request;
  request.query = std::move(query);
  return request;
}

TEST(QueryReader, DefaultsAndParsesWithinBounds) {
  const auto request = with_query({{"limit", "25"}, {"order", "asc"}});
  QueryReader q(request);
  EXPECT_EQ(q.integer("limit", 100, 1, 1000), 25);
  EXPECT_EQ(q.integer("from", 7, 0, 10), 7);
  EXPECT_EQ(q.choice("order", "desc", {"asc", "desc"}), "asc");
  EXPECT_FALSE(q.text("cursor"));
  EXPECT_TRUE(q.finish());
}

TEST(QueryReader, CollectsEveryBadParameter) {
  const auto request =
      with_query({{"limit", "0"}, {"from", "12x"}, {"to", "99999999999999999999"}, {"order", "up"}});
  QueryReader q(request);
  q.integer("limit", 100, 1, 1000);
  q.integer("from", 0, 0, 100);
  q.integer("to", 0, 0, 100);
  q.choice("order", "desc", {"asc", "desc"});
  auto result = q.finish();
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().details.size(), 4U);
  EXPECT_EQ(result.error().details[3].field, "order");
  EXPECT_EQ(result.error().details[0].message, "must be an integer from 1 to 1000");
}

}  // namespace
}  // namespace portfolio::api
