// The shared behavioural suite against a real DynamoDB implementation (moto_server or dynalite on
// loopback; scripts/ci/30-dynamodb.sh starts them). Every test gets four fresh tables.
#include "storage/dynamodb/dynamodb_store.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials_provider.hpp"
#include "domain/reading.hpp"
#include "store_behaviour.hpp"

namespace portfolio::storage {
namespace {

std::optional<std::string> test_endpoint() {
  const char* endpoint = std::getenv("DYNAMODB_TEST_ENDPOINT");
  if (endpoint == nullptr || *endpoint == '\0') return std::nullopt;
  return std::string(endpoint);
}

std::string unique_prefix() {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}() % 100000;
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string prefix = "t";
  prefix.append(std::to_string(getpid())).append("-").append(std::to_string(run));
  prefix.append("-").append(std::to_string(++counter));
  return prefix;
}

DynamoDbOptions fresh_options() {
  DynamoDbOptions options;
  options.endpoint = test_endpoint();
  const std::string prefix = unique_prefix();
  options.users_table = prefix + "-users";
  options.uniques_table = prefix + "-uniques";
  options.metrics_table = prefix + "-metrics";
  options.devices_table = prefix + "-devices";
  options.credentials = std::make_shared<aws::StaticCredentialsProvider>(
      aws::Credentials{"AKIDLOCALTEST", "local-test-secret", std::nullopt, std::nullopt, "test"});
  return options;
}

std::unique_ptr<Store> open_fresh(const DynamoDbOptions& options) {
  if (auto created = create_tables(options); !created) {
    throw std::runtime_error("create_tables: " + created.error().message);
  }
  auto store = open_dynamodb_store(options);
  if (!store) throw std::runtime_error("open_dynamodb_store: " + store.error().message);
  return std::move(*store);
}

std::unique_ptr<Store> make_fresh_dynamodb_store() {
  return open_fresh(fresh_options());
}

// The store's DynamoDB calls by operation, counted through DynamoDbOptions::on_call.
class CallCounter {
 public:
  void count(std::string_view operation) {
    const std::lock_guard lock(mutex_);
    ++counts_[std::string(operation)];
  }
  // The counts since the last take.
  std::map<std::string, int> take() {
    const std::lock_guard lock(mutex_);
    return std::exchange(counts_, {});
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> counts_;
};

int total_of(const std::map<std::string, int>& counts) {
  int total = 0;
  for (const auto& [operation, calls] : counts) total += calls;
  return total;
}

std::string describe(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [operation, calls] : counts)
    text.append(operation).append(" ").append(std::to_string(calls)).append("; ");
  return text;
}

constexpr std::int64_t kHourStart = 1'767'261'600'000;  // 2026-01-01T10:00:00Z
constexpr std::int64_t kMinuteMs = 60'000;
constexpr int kDevices = 200;
constexpr int kPerBatchWrite = 25;  // readings per BatchWriteItem

std::vector<domain::Reading> one_reading_each(std::int64_t timestamp_ms) {
  std::vector<domain::Reading> readings(kDevices);
  for (int i = 0; i < kDevices; ++i) {
    readings[i].device_id = "calls-" + std::to_string(1000 + i);
    readings[i].timestamp_ms = timestamp_ms + i;
    readings[i].temperature = 20.5;
    readings[i].humidity = 40;
  }
  return readings;
}

// What a many-device batch costs, so that the cost cannot grow unnoticed: the readings' BatchWriteItem
// calls plus, per device, its latest-record update and its day's rollup (one conditional put when
// the day is new; an announcement and one store when the hour already has a write, and a Query of
// the hour only when the stored rollup does not end before the write's readings).
TEST(DynamoDbCalls, AManyDeviceBatchCostsAFewCallsPerDevice) {
  auto counter = std::make_shared<CallCounter>();
  auto options = fresh_options();
  options.on_call = [counter](std::string_view operation) { counter->count(operation); };
  auto store = open_fresh(options);
  counter->take();  // the tables' creation

  ASSERT_TRUE(store->put_readings(one_reading_each(kHourStart + 30 * kMinuteMs)));
  const auto fresh = counter->take();
  EXPECT_LE(total_of(fresh), kDevices / kPerBatchWrite + 2 * kDevices) << describe(fresh);
  EXPECT_LE(fresh.count("BatchWriteItem") ? fresh.at("BatchWriteItem") : 0, kDevices / kPerBatchWrite)
      << describe(fresh);

  // The same devices a minute later, into the hour each already has.
  ASSERT_TRUE(store->put_readings(one_reading_each(kHourStart + 31 * kMinuteMs)));
  const auto again = counter->take();
  EXPECT_LE(total_of(again), kDevices / kPerBatchWrite + 3 * kDevices) << describe(again);
  EXPECT_EQ(again.count("Query"), 0U) << describe(again);  // newer readings add to the stored hour
}

// What a summary page of 100 devices costs: the 4 shard Queries of the page of devices, one Query per
// device for each raw edge of the window (and, for 30 days, one for its whole days), and the day
// items that hold every device's whole hours in BatchGetItem calls of 100 keys (2 days per device).
// The 30-day page must stay within 1.5 times the 24-hour one.
TEST(DynamoDbCalls, ASummaryPageReadsTheHoursOfAllItsDevicesTogether) {
  constexpr int kPage = 100;
  constexpr std::int64_t kDayMs = 86'400'000;
  auto counter = std::make_shared<CallCounter>();
  auto options = fresh_options();
  options.on_call = [counter](std::string_view operation) { counter->count(operation); };
  auto store = open_fresh(options);
  ASSERT_TRUE(store->put_readings(one_reading_each(kHourStart + 30 * kMinuteMs)));
  counter->take();

  const std::int64_t to = kHourStart + 45 * kMinuteMs;
  SummaryQuery query;
  query.to_ms = to;
  query.page.limit = kPage;
  query.from_ms = to - kDayMs;
  auto day = store->summarize(query);
  const auto day_calls = counter->take();
  ASSERT_TRUE(day) << day.error().message;
  EXPECT_EQ(day->items.size(), static_cast<std::size_t>(kPage));
  EXPECT_EQ(day_calls.at("Query"), 4 + 2 * kPage) << describe(day_calls);
  EXPECT_EQ(day_calls.at("BatchGetItem"), 2) << describe(day_calls);
  EXPECT_EQ(total_of(day_calls), 4 + 2 * kPage + 2) << describe(day_calls);

  query.from_ms = to - 30 * kDayMs;
  auto month = store->summarize(query);
  const auto month_calls = counter->take();
  ASSERT_TRUE(month) << month.error().message;
  EXPECT_EQ(month->items, day->items);  // every reading is inside both windows
  EXPECT_EQ(month_calls.at("Query"), 4 + 3 * kPage) << describe(month_calls);
  EXPECT_EQ(month_calls.at("BatchGetItem"), 2) << describe(month_calls);
  EXPECT_LE(total_of(month_calls) * 2, total_of(day_calls) * 3) << describe(month_calls);
}

// Without an emulator every test is skipped rather than failed: the plain C++ stage has none.
class DynamoDbEndpoint : public testing::Environment {
 public:
  void SetUp() override {
    if (!test_endpoint()) GTEST_SKIP() << "DYNAMODB_TEST_ENDPOINT is not set";
  }
};

const auto* const kEndpoint = testing::AddGlobalTestEnvironment(new DynamoDbEndpoint);

}  // namespace

INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreBehaviour,
                         testing::Values(StoreFactory{"dynamodb", make_fresh_dynamodb_store}),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace portfolio::storage
