// The DynamoDB store when its endpoint misbehaves: a fault-injecting proxy on loopback sits between
// the store and a real emulator (DYNAMODB_TEST_ENDPOINT) and refuses, stalls, throttles or drops.
// Every case must end in the documented outcome (storage_unavailable, or success after retries)
// within a bounded time, and the store must recover by itself.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "aws/http_client.hpp"
#include "loopback_http_server.hpp"
#include "storage/dynamodb/dynamodb_store.hpp"

namespace portfolio::storage {
namespace {

using namespace std::chrono_literals;
using testing_support::aws_error;
using testing_support::LoopbackHttpServer;
using testing_support::TestRequest;
using testing_support::TestResponse;
namespace http = boost::beast::http;

constexpr std::int64_t kBase = 1'764'324'000'000;

std::optional<std::string> upstream() {
  const char* endpoint = std::getenv("DYNAMODB_TEST_ENDPOINT");
  if (endpoint == nullptr || *endpoint == '\0') return std::nullopt;
  return std::string(endpoint);
}

domain::Reading reading(std::int64_t timestamp) {
  return {"fault-dev", timestamp, 21.5, 40.25, domain::DeviceStatus::active, std::nullopt, std::nullopt};
}

// Forwards requests unchanged (signature included) to the emulator, unless told to misbehave.
class FaultProxy {
 public:
  std::atomic<int> throttle_next{0};      // answer this many requests with ThrottlingException
  std::atomic<int> stall_ms{0};           // wait this long before forwarding
  std::atomic<int> unprocess_batches{0};  // answer this many BatchWriteItem calls with all items unprocessed
  std::atomic<int> unprocess_gets{0};     // answer this many BatchGetItem calls with all keys unprocessed
  std::atomic<int> refuse{0};             // 1: reject the credentials, 2: deny access, 3: lack the operation

  explicit FaultProxy(std::string target) : target_(std::move(target)) {}

  TestResponse handle(const TestRequest& request) {
    if (throttle_next.fetch_sub(1) > 0) return aws_error(400, "ThrottlingException", "Rate exceeded");
    switch (refuse.load()) {
      case 1:
        return aws_error(400, "UnrecognizedClientException",
                         "The security token included in the request is invalid.");
      case 2:
        return aws_error(400, "AccessDeniedException", "User is not authorized to perform: dynamodb:PutItem");
      case 3:
        return aws_error(400, "UnknownOperationException", "");
      default:
        break;
    }
    if (stall_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds{stall_ms.load()});
    if (request["X-Amz-Target"] == "DynamoDB_20120810.BatchWriteItem" && unprocess_batches.fetch_sub(1) > 0) {
      const auto body = boost::json::parse(request.body()).as_object();
      return testing_support::json_response(
          200, boost::json::serialize(boost::json::object{{"UnprocessedItems", body.at("RequestItems")}}));
    }
    if (request["X-Amz-Target"] == "DynamoDB_20120810.BatchGetItem" && unprocess_gets.fetch_sub(1) > 0) {
      const auto body = boost::json::parse(request.body()).as_object();
      return testing_support::json_response(
          200, boost::json::serialize(boost::json::object{{"Responses", boost::json::object{}},
                                                          {"UnprocessedKeys", body.at("RequestItems")}}));
    }
    aws::HttpRequest forward{"POST", target_ + std::string(request.target()), {}, request.body()};
    for (const auto& field : request) {
      if (field.name() != http::field::content_length && field.name() != http::field::connection) {
        forward.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
    }
    auto answer = client_.send(forward);
    if (!answer) return aws_error(500, "InternalServerError", answer.error().message);
    TestResponse response{static_cast<http::status>(answer->status), 11};
    response.set(http::field::content_type, "application/x-amz-json-1.0");
    response.body() = answer->body;
    return response;
  }

 private:
  std::string target_;
  aws::HttpClient client_;
};

class DynamoDbFaultsTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!upstream()) GTEST_SKIP() << "DYNAMODB_TEST_ENDPOINT is not set";
    proxy_ = std::make_unique<FaultProxy>(*upstream());
    static std::atomic<int> counter{0};
    // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    std::string prefix = "fault";
    prefix.append(std::to_string(std::random_device{}() % 100000))
        .append("-")
        .append(std::to_string(++counter));
    options_.users_table = prefix + "-users";
    options_.uniques_table = prefix + "-uniques";
    options_.metrics_table = prefix + "-metrics";
    options_.devices_table = prefix + "-devices";
    options_.credentials = std::make_shared<aws::StaticCredentialsProvider>(
        aws::Credentials{"AKIDLOCALTEST", "local-test-secret", std::nullopt, std::nullopt, "test"});
    options_.connect_timeout = 200ms;
    options_.request_timeout = 500ms;
    options_.max_attempts = 3;
    options_.backoff_base = 10ms;
    options_.backoff_cap = 50ms;
    // The set-up is not under test: it gets the timeouts a slow emulator (DynamoDB Local on a busy
    // machine takes seconds to create a table with its indexes) needs.
    auto direct = options_;
    direct.endpoint = upstream();
    direct.request_timeout = 30s;
    direct.connect_timeout = 5s;
    ASSERT_TRUE(create_tables(direct));
  }

  // Starts (or restarts, on the same port) the proxy and points the options at it.
  void start_proxy(unsigned short port = 0) {
    server_ = std::make_unique<LoopbackHttpServer>([this](const TestRequest& r) { return proxy_->handle(r); },
                                                   port);
    options_.endpoint = server_->url();
  }

  std::unique_ptr<Store> open() {
    auto store = open_dynamodb_store(options_);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  template <class F>
  static auto timed(F&& call) {
    const auto start = std::chrono::steady_clock::now();
    auto result = call();
    return std::make_pair(std::move(result), std::chrono::steady_clock::now() - start);
  }

  DynamoDbOptions options_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<LoopbackHttpServer> server_;
};

TEST_F(DynamoDbFaultsTest, EndpointDownAtStartIsUnavailableThenRecovers) {
  start_proxy();
  const unsigned short port = server_->port();
  server_.reset();      // nothing listens there now
  auto store = open();  // opening needs credentials, not the endpoint
  ASSERT_NE(store, nullptr);
  auto [ping, elapsed] = timed([&] { return store->ping(); });
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_LT(elapsed, 2s);
  EXPECT_EQ(store->put_reading(reading(kBase)).error().code, domain::ErrorCode::storage_unavailable);

  start_proxy(port);
  EXPECT_TRUE(store->ping());
  EXPECT_TRUE(store->put_reading(reading(kBase)));
}

TEST_F(DynamoDbFaultsTest, EndpointLostMidRunIsUnavailableThenRecovers) {
  start_proxy();
  const unsigned short port = server_->port();
  auto store = open();
  ASSERT_TRUE(store->put_reading(reading(kBase)));

  server_.reset();
  auto [put, elapsed] = timed([&] { return store->put_reading(reading(kBase + 1)); });
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_LT(elapsed, 2s);
  auto history = store->device_history({.device_id = "fault-dev"});
  ASSERT_FALSE(history);
  EXPECT_EQ(history.error().code, domain::ErrorCode::storage_unavailable);

  start_proxy(port);
  history = store->device_history({.device_id = "fault-dev"});
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->items.size(), 1U);
  EXPECT_EQ(history->items[0], reading(kBase));
}

TEST_F(DynamoDbFaultsTest, SlowEndpointTimesOutAsUnavailable) {
  start_proxy();
  auto store = open();
  proxy_->stall_ms = 3000;
  auto [ping, elapsed] = timed([&] { return store->ping(); });
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, domain::ErrorCode::storage_unavailable);
  // Three attempts of at most 500 ms each plus short backoffs, never the endpoint's 3 s per call.
  EXPECT_LT(elapsed, 2500ms);
  proxy_->stall_ms = 0;
  EXPECT_TRUE(store->ping());
}

TEST_F(DynamoDbFaultsTest, RefusedCallerIsUnavailableAtOnce) {
  start_proxy();
  auto store = open();
  const std::pair<int, const char*> cases[] = {
      {1, "UnrecognizedClientException"}, {2, "AccessDeniedException"}, {3, "UnknownOperationException"}};
  for (const auto& [mode, type] : cases) {
    proxy_->refuse = mode;
    const auto before = server_->requests();
    auto put = store->put_reading(reading(kBase));
    ASSERT_FALSE(put) << type;
    EXPECT_EQ(put.error().code, domain::ErrorCode::storage_unavailable) << type;
    EXPECT_NE(put.error().message.find(type), std::string::npos) << put.error().message;
    EXPECT_EQ(server_->requests() - before, 1) << type << ": retrying a refusal cannot help";
  }
  proxy_->refuse = 0;
  EXPECT_TRUE(store->ping());
}

TEST_F(DynamoDbFaultsTest, ThrottlingIsRetriedUntilItPasses) {
  start_proxy();
  auto store = open();
  proxy_->throttle_next = 2;  // fewer than the three attempts
  ASSERT_TRUE(store->put_reading(reading(kBase)));
  auto history = store->device_history({.device_id = "fault-dev"});
  ASSERT_TRUE(history);
  EXPECT_EQ(history->items.size(), 1U);
}

TEST_F(DynamoDbFaultsTest, PersistentThrottlingIsUnavailable) {
  start_proxy();
  auto store = open();
  proxy_->throttle_next = 1000;
  auto put = store->put_reading(reading(kBase));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_NE(put.error().message.find("throttled"), std::string::npos) << put.error().message;
  EXPECT_EQ(server_->requests(), 3);
}

TEST_F(DynamoDbFaultsTest, UnprocessedBatchItemsAreResubmitted) {
  start_proxy();
  options_.request_timeout = 30s;  // what is under test is the resubmission, not a deadline
  auto store = open();
  std::vector<domain::Reading> batch;
  for (int i = 0; i < 30; ++i) batch.push_back(reading(kBase + i));
  proxy_->unprocess_batches = 2;  // the first chunk comes back unprocessed twice
  ASSERT_TRUE(store->put_readings(batch));
  auto history = store->device_history({.device_id = "fault-dev", .page = {.limit = 100}});
  ASSERT_TRUE(history);
  EXPECT_EQ(history->items.size(), 30U);

  proxy_->unprocess_batches = 1000;  // never processed: bounded, then unavailable
  auto stuck = store->put_readings(batch);
  ASSERT_FALSE(stuck);
  EXPECT_EQ(stuck.error().code, domain::ErrorCode::storage_unavailable);
}

TEST_F(DynamoDbFaultsTest, UnprocessedDayKeysOfASummaryAreResubmitted) {
  start_proxy();
  options_.request_timeout = 30s;  // what is under test is the resubmission, not a deadline
  auto store = open();
  std::vector<domain::Reading> batch;
  constexpr std::int64_t kTenMinutes = 600'000;
  batch.reserve(30);
  for (std::int64_t i = 0; i < 30; ++i) batch.push_back(reading(kBase + i * kTenMinutes));  // 5 hours
  ASSERT_TRUE(store->put_readings(batch));
  SummaryQuery query;
  query.from_ms = kBase - 1'800'000;  // the readings' whole hours are read from their day item
  query.to_ms = kBase + std::int64_t{6} * 3'600'000 + 1'800'000;
  query.device_id = "fault-dev";
  auto expected = store->summarize(query);
  ASSERT_TRUE(expected) << expected.error().message;
  ASSERT_EQ(expected->items.size(), 1U);
  EXPECT_EQ(expected->items[0].count, 30);

  proxy_->unprocess_gets = 2;  // the day items come back unprocessed twice
  auto again = store->summarize(query);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->items, expected->items);
  EXPECT_LE(proxy_->unprocess_gets.load(), 0);

  proxy_->unprocess_gets = 1000;  // never processed: bounded, then unavailable
  auto stuck = store->summarize(query);
  ASSERT_FALSE(stuck);
  EXPECT_EQ(stuck.error().code, domain::ErrorCode::storage_unavailable);
}

}  // namespace
}  // namespace portfolio::storage
