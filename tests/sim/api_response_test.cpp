#include "sim/api_response.hpp"

#include <gtest/gtest.h>

namespace portfolio::sim {
namespace {

TEST(ApiResponse, DescribesTheApisDocumentedErrorShape) {
  ApiResponse response;
  response.status = 401;
  response.body =
      R"({"error":"Unauthorized","error_code":"UNAUTHORIZED","message":"X-API-Key is missing or wrong",)"
      R"("timestamp":"2026-11-28T10:00:00.000Z","request_id":"abc"})";
  EXPECT_EQ(describe_failure(response, "http://x"), "HTTP 401 UNAUTHORIZED: X-API-Key is missing or wrong");
}

TEST(ApiResponse, DescribesAnswersThatAreNotTheApis) {
  ApiResponse response;
  response.status = 502;
  response.body = "<html>Bad Gateway</html>";
  EXPECT_EQ(describe_failure(response, "http://x"), "HTTP 502: <html>Bad Gateway</html>");
  response.body = std::string(1000, 'x');
  EXPECT_LT(describe_failure(response, "http://x").size(), 250u) << "a long body is cut";
}

TEST(ApiResponse, DescribesAServerThatDidNotAnswer) {
  ApiResponse response;
  response.transport_error = "Connection refused";
  EXPECT_EQ(describe_failure(response, "http://127.0.0.1:9"),
            "cannot reach the API at http://127.0.0.1:9: Connection refused");
}

TEST(ApiResponse, ReadsTheBatchOutcome) {
  const auto outcome = parse_batch_outcome(
      R"({"accepted":2,"rejected":1,"errors":[{"index":1,"error_code":"VALIDATION_ERROR",)"
      R"("message":"temperature: must be between -50 and 100","details":[]}]})");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->accepted, 2u);
  EXPECT_EQ(outcome->rejected, 1u);
  ASSERT_EQ(outcome->rejections.size(), 1u);
  EXPECT_EQ(outcome->rejections[0].index, 1u);
  EXPECT_EQ(outcome->rejections[0].error_code, "VALIDATION_ERROR");
  EXPECT_EQ(outcome->rejections[0].message, "temperature: must be between -50 and 100");
}

TEST(ApiResponse, RefusesSomethingElseAsABatchOutcome) {
  for (const char* body :
       {"", "[]", "{}", R"({"accepted":"2","rejected":0})", R"({"accepted":-1,"rejected":0})", "{"}) {
    EXPECT_FALSE(parse_batch_outcome(body).has_value()) << body;
  }
}

}  // namespace
}  // namespace portfolio::sim
