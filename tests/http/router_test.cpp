#include "http/router.hpp"

#include <gtest/gtest.h>

namespace portfolio::http {
namespace {

Handler none() {
  return [](const api::ApiRequest&) -> boost::asio::awaitable<api::ApiResponse> {
    co_return api::ApiResponse{};
  };
}

class RouterTest : public testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/api/v1/users", RateClass::general, none());
    router.add("POST", "/api/v1/users", RateClass::general, none());
    router.add("GET", "/api/v1/users/{user_id}", RateClass::general, none());
    router.add("DELETE", "/api/v1/users/{user_id}", RateClass::general, none());
    router.add("POST", "/api/v1/metrics/batch", RateClass::ingest, none());
    router.add("GET", "/api/v1/metrics/latest", RateClass::general, none());
    router.add("GET", "/api/v1/metrics/{device_id}", RateClass::general, none());
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralAndParameterSegments) {
  auto m = router.match("GET", "/api/v1/users/abc");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->name, "GET /api/v1/users/{user_id}");
  EXPECT_EQ(m.params, (std::vector<std::pair<std::string, std::string>>{{"user_id", "abc"}}));
  EXPECT_EQ(router.match("POST", "/api/v1/users").route->name, "POST /api/v1/users");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  EXPECT_EQ(router.match("GET", "/api/v1/metrics/latest").route->name, "GET /api/v1/metrics/latest");
  EXPECT_EQ(router.match("GET", "/api/v1/metrics/sensor-1").route->name, "GET /api/v1/metrics/{device_id}");
}

TEST_F(RouterTest, WrongMethodListsTheAllowedOnes) {
  auto m = router.match("PUT", "/api/v1/users");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
  // /metrics/batch is the batch endpoint, not a device called "batch".
  m = router.match("GET", "/api/v1/metrics/batch");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"POST"}));
}

TEST_F(RouterTest, HeadIsAnsweredWhereGetIs) {
  ASSERT_NE(router.match("HEAD", "/api/v1/users").route, nullptr);
}

TEST_F(RouterTest, UnknownPathsAndEmptySegmentsDoNotMatch) {
  for (const auto* path : {"/api/v1/user", "/api/v1/users/", "/api/v1/users/a/b", "", "api/v1/users", "/"}) {
    auto m = router.match("GET", path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_TRUE(m.allowed_methods.empty()) << path;
  }
}

TEST_F(RouterTest, ParametersAreDecodedSegments) {
  auto m = router.match("GET", "/api/v1/metrics/a%2Fb");  // an encoded slash stays in its segment
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->name, "GET /api/v1/metrics/{device_id}");
  EXPECT_EQ(m.params.at(0).second, "a/b");
  m = router.match("GET", "/api/v1/metrics/sensor%2D1%3a");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at(0).second, "sensor-1:");
  EXPECT_EQ(router.match("GET", "/api/v1/metrics/a/b").route, nullptr);  // a real slash splits
  EXPECT_EQ(router.match("GET", "/api/v1/%6Detrics/latest").route->name, "GET /api/v1/metrics/latest");
  EXPECT_EQ(router.match("GET", "/api/v1/metrics/bad%zz").params.at(0).second, "bad%zz");
  EXPECT_EQ(router.match("GET", "/api/v1/metrics/end%2").params.at(0).second, "end%2");
}

TEST_F(RouterTest, RoutesKnowTheirIndexAndRateClass) {
  const auto& routes = router.routes();
  for (std::size_t i = 0; i < routes.size(); ++i) EXPECT_EQ(routes[i].index, i);
  EXPECT_EQ(router.match("POST", "/api/v1/metrics/batch").route->rate_class, RateClass::ingest);
}

}  // namespace
}  // namespace portfolio::http
