// The DynamoDB client against a fake endpoint on loopback: what it sends, and how it retries.
#include "aws/dynamodb_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "loopback_http_server.hpp"

namespace portfolio::aws {
namespace {

using namespace std::chrono_literals;
using testing_support::aws_error;
using testing_support::json_response;
using testing_support::LoopbackHttpServer;
using testing_support::TestRequest;
using testing_support::TestResponse;

std::shared_ptr<CredentialsProvider> test_credentials(std::optional<std::string> token = std::nullopt) {
  return std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIDTEST", "secret", std::move(token), {}, "test"});
}

struct Recorded {
  std::vector<std::chrono::milliseconds> sleeps;
};

std::unique_ptr<DynamoDbClient> client_for(const std::string& endpoint, Recorded& recorded, int attempts = 5,
                                           HttpTimeouts timeouts = {500ms, 1000ms}) {
  DynamoDbClientOptions options{"ap-northeast-1", endpoint, timeouts, RetryPolicy{attempts, 10ms, 80ms}};
  auto client = std::make_unique<DynamoDbClient>(options, test_credentials("session-token"));
  client->set_sleep([&recorded](std::chrono::milliseconds delay) { recorded.sleeps.push_back(delay); });
  return client;
}

TEST(DynamoDbClientTest, SendsASignedJsonProtocolRequest) {
  TestRequest seen;
  LoopbackHttpServer server([&](const TestRequest& request) {
    seen = request;
    return json_response(200, R"({"Table":{"TableStatus":"ACTIVE"}})");
  });
  Recorded recorded;
  auto client = client_for(server.url(), recorded);
  auto result = client->call("DescribeTable", {{"TableName", "portfolio-users"}});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->at("Table").at("TableStatus").as_string(), "ACTIVE");

  EXPECT_EQ(seen.method_string(), "POST");
  EXPECT_EQ(seen.target(), "/");
  EXPECT_EQ(seen["X-Amz-Target"], "DynamoDB_20120810.DescribeTable");
  EXPECT_EQ(seen["Content-Type"], "application/x-amz-json-1.0");
  EXPECT_EQ(seen["X-Amz-Security-Token"], "session-token");
  EXPECT_EQ(seen["Host"], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(boost::json::parse(seen.body()), boost::json::parse(R"({"TableName":"portfolio-users"})"));
  const std::string authorization(seen["Authorization"]);
  EXPECT_TRUE(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/")) << authorization;
  EXPECT_NE(authorization.find("/ap-northeast-1/dynamodb/aws4_request"), std::string::npos) << authorization;
  EXPECT_NE(
      authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"),
      std::string::npos)
      << authorization;
  // libcurl must not add its own X-Amz-Date next to the signed one.
  EXPECT_EQ(seen.count("X-Amz-Date"), 1U);
}

TEST(DynamoDbClientTest, ReusesOneConnectionForSequentialCalls) {
  LoopbackHttpServer server([](const TestRequest&) { return json_response(200, "{}"); });
  Recorded recorded;
  auto client = client_for(server.url(), recorded);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client->call("GetItem", {}));
  EXPECT_EQ(server.requests(), 20);
  EXPECT_EQ(server.connections(), 1);
}

TEST(DynamoDbClientTest, RetriesThrottlingWithGrowingJitteredBackoffThenSucceeds) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const TestRequest&) {
    return ++calls <= 3
               ? aws_error(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.")
               : json_response(200, R"({"Item":{}})");
  });
  Recorded recorded;
  auto client = client_for(server.url(), recorded);
  auto result = client->call("GetItem", {});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(calls.load(), 4);
  ASSERT_EQ(recorded.sleeps.size(), 3U);
  EXPECT_LE(recorded.sleeps[0], 10ms);
  EXPECT_LE(recorded.sleeps[1], 20ms);
  EXPECT_LE(recorded.sleeps[2], 40ms);
}

TEST(DynamoDbClientTest, GivesUpAfterTheAttemptBudgetWithTheThrottlingError) {
  for (const char* type :
       {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}) {
    LoopbackHttpServer server([&](const TestRequest&) { return aws_error(400, type); });
    Recorded recorded;
    auto client = client_for(server.url(), recorded, 4);
    auto result = client->call("PutItem", {});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, AwsError::Kind::throttled) << type;
    EXPECT_EQ(result.error().type, type);
    EXPECT_EQ(server.requests(), 4);
    EXPECT_EQ(recorded.sleeps.size(), 3U);
  }
}

// A fake BatchGetItem endpoint that answers the first `partial` calls with only the first `served`
// keys asked and the rest as UnprocessedKeys (bare keys, as DynamoDB may send them), then everything.
class PartialBatchGets {
 public:
  PartialBatchGets(int partial, std::size_t served) : partial_(partial), served_(served) {}

  TestResponse answer(const TestRequest& request) {
    const std::lock_guard lock(mutex_);
    bodies.push_back(boost::json::parse(request.body()).as_object());
    const auto& keys = bodies.back().at("RequestItems").at("T").at("Keys").as_array();
    boost::json::array items;
    boost::json::array left;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      (partial_ > 0 && i >= served_ ? left : items).push_back(keys[i]);
    }
    boost::json::object answer{{"Responses", {{"T", std::move(items)}}}};
    if (!left.empty()) answer["UnprocessedKeys"] = {{"T", {{"Keys", std::move(left)}}}};
    --partial_;
    return json_response(200, boost::json::serialize(answer));
  }

  std::vector<boost::json::object> bodies;

 private:
  std::mutex mutex_;
  int partial_;
  std::size_t served_;
};

boost::json::object three_keys_request() {
  boost::json::array keys;
  for (const char* id : {"a", "b", "c"}) keys.push_back(boost::json::object{{"id", {{"S", id}}}});
  return {{"RequestItems",
           {{"T", {{"Keys", std::move(keys)}, {"ConsistentRead", true}, {"ProjectionExpression", "id"}}}}}};
}

TEST(DynamoDbClientTest, BatchCallsResubmitUnprocessedKeysWithTheTablesRequest) {
  PartialBatchGets fake(2, 1);
  LoopbackHttpServer server([&](const TestRequest& request) { return fake.answer(request); });
  Recorded recorded;
  auto client = client_for(server.url(), recorded);
  std::vector<std::string> got;
  const auto collect = [&](const boost::json::object& answer) {
    for (const auto& item : answer.at("Responses").at("T").as_array())
      got.emplace_back(item.at("id").at("S").as_string());
  };
  ASSERT_TRUE(client->call_batch("BatchGetItem", three_keys_request(), collect));
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(fake.bodies.size(), 3U);
  EXPECT_EQ(recorded.sleeps.size(), 2U);
  // The resubmission asks only for what was left, with the table's consistency and projection.
  const auto& again = fake.bodies[1].at("RequestItems").at("T").as_object();
  EXPECT_EQ(again.at("Keys").as_array().size(), 2U);
  EXPECT_EQ(again.at("ConsistentRead"), true);
  EXPECT_EQ(again.at("ProjectionExpression"), "id");
  EXPECT_EQ(fake.bodies[2].at("RequestItems").at("T").at("Keys").as_array().size(), 1U);
}

TEST(DynamoDbClientTest, BatchCallsGiveUpWhenKeysStayUnprocessed) {
  PartialBatchGets fake(1000, 0);
  LoopbackHttpServer server([&](const TestRequest& request) { return fake.answer(request); });
  Recorded recorded;
  auto client = client_for(server.url(), recorded, 3);
  auto result = client->call_batch("BatchGetItem", three_keys_request());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, AwsError::Kind::unavailable);
  EXPECT_EQ(result.error().type, "UnprocessedKeys");
  EXPECT_EQ(fake.bodies.size(), 3U);
  EXPECT_EQ(recorded.sleeps.size(), 2U);
}

TEST(DynamoDbClientTest, RetriesServerErrorsButNotClientErrors) {
  std::atomic<int> calls{0};
  LoopbackHttpServer flaky([&](const TestRequest&) {
    return ++calls == 1 ? aws_error(500, "InternalServerError") : json_response(200, "{}");
  });
  Recorded recorded;
  EXPECT_TRUE(client_for(flaky.url(), recorded)->call("Query", {}));
  EXPECT_EQ(calls.load(), 2);

  LoopbackHttpServer strict(
      [](const TestRequest&) { return aws_error(400, "ValidationException", "bad request"); });
  auto result = client_for(strict.url(), recorded)->call("Query", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, AwsError::Kind::service);
  EXPECT_EQ(result.error().type, "ValidationException");
  EXPECT_EQ(result.error().message, "bad request");
  EXPECT_EQ(strict.requests(), 1);
}

TEST(DynamoDbClientTest, ReadsCancellationReasonsOfACancelledTransaction) {
  LoopbackHttpServer server([](const TestRequest&) {
    return json_response(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "Message":"Transaction cancelled","CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",
      "Message":"The conditional request failed"},{"Code":"None"}]})");
  });
  Recorded recorded;
  auto result = client_for(server.url(), recorded)->call("TransactWriteItems", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().type, "TransactionCanceledException");
  EXPECT_EQ(result.error().cancellation_reasons,
            (std::vector<std::string>{"None", "ConditionalCheckFailed", "None"}));
}

TEST(DynamoDbClientTest, RefusedConnectionsFailFastAsUnavailable) {
  unsigned short closed_port = 0;
  {
    LoopbackHttpServer gone([](const TestRequest&) { return json_response(200, "{}"); });
    closed_port = gone.port();
  }
  Recorded recorded;
  auto client = client_for("http://127.0.0.1:" + std::to_string(closed_port), recorded, 3);
  const auto start = std::chrono::steady_clock::now();
  auto result = client->call("GetItem", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, AwsError::Kind::unavailable);
  EXPECT_EQ(recorded.sleeps.size(), 2U);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(DynamoDbClientTest, AStalledEndpointTimesOutWithinTheBudget) {
  LoopbackHttpServer stalled([](const TestRequest&) {
    std::this_thread::sleep_for(1500ms);
    return json_response(200, "{}");
  });
  Recorded recorded;
  auto client = client_for(stalled.url(), recorded, 2, {200ms, 300ms});
  const auto start = std::chrono::steady_clock::now();
  auto result = client->call("GetItem", {});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, AwsError::Kind::unavailable);
  EXPECT_EQ(result.error().type, "Timeout");
  EXPECT_LT(elapsed, 1200ms);  // two attempts of 300 ms, not the server's 1.5 s each
}

TEST(DynamoDbClientTest, AnUnreadableSuccessIsAProtocolError) {
  LoopbackHttpServer server([](const TestRequest&) { return json_response(200, "<html>proxy</html>"); });
  Recorded recorded;
  auto result = client_for(server.url(), recorded)->call("GetItem", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, AwsError::Kind::protocol);
}

TEST(DynamoDbClientTest, RejectsAnEndpointThatIsNotHttp) {
  EXPECT_THROW(DynamoDbClient({"us-east-1", "ftp://example.com", {}, {}}, test_credentials()),
               std::invalid_argument);
  EXPECT_THROW(DynamoDbClient({"us-east-1", "not a url", {}, {}}, test_credentials()), std::invalid_argument);
}

TEST(DynamoDbClientTest, ParsesAwsErrorTypes) {
  const auto error =
      parse_aws_error(400, R"({"__type":"com.amazon.coral.validate#ValidationException","message":"m"})");
  EXPECT_EQ(error.type, "ValidationException");
  EXPECT_EQ(error.message, "m");
  EXPECT_EQ(parse_aws_error(503, "").kind, AwsError::Kind::unavailable);
  EXPECT_EQ(parse_aws_error(400, "garbage").kind, AwsError::Kind::protocol);
}

TEST(DynamoDbClientTest, ClassifiesRefusalsOfTheCaller) {
  // AWS's answer to keys it does not know, in the DynamoDB JSON error shape.
  const auto rejected =
      parse_aws_error(400, R"({"__type":"com.amazon.coral.service#UnrecognizedClientException",)"
                           R"("message":"The security token included in the request is invalid."})");
  EXPECT_EQ(rejected.kind, AwsError::Kind::refused);
  EXPECT_EQ(rejected.type, "UnrecognizedClientException");
  const auto denied = parse_aws_error(
      400, R"({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"not authorized"})");
  EXPECT_EQ(denied.kind, AwsError::Kind::refused);
  EXPECT_EQ(denied.message, "not authorized");
  // dynalite has no transactions.
  const auto unknown =
      parse_aws_error(400, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  EXPECT_EQ(unknown.kind, AwsError::Kind::refused);
  EXPECT_EQ(unknown.message, "HTTP 400 UnknownOperationException");
  // moto answers rejected keys with a 403 and an XML body.
  const auto xml = parse_aws_error(
      403,
      R"(<?xml version="1.0" encoding="utf-8"?><ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>)"
      R"(<Message>The security token included in the request is invalid.</Message></Error></Errors></ErrorResponse>)");
  EXPECT_EQ(xml.kind, AwsError::Kind::refused);
  EXPECT_EQ(xml.type, "InvalidClientTokenId");
  EXPECT_EQ(xml.message, "The security token included in the request is invalid.");
  EXPECT_EQ(parse_aws_error(403, "").kind, AwsError::Kind::refused);
  // Errors about the request itself stay service errors (a defect of ours, a 500).
  EXPECT_EQ(parse_aws_error(400, R"({"__type":"x#ValidationException","message":"m"})").kind,
            AwsError::Kind::service);
}

}  // namespace
}  // namespace portfolio::aws
