// The shared behavioural suite against a real DynamoDB implementation (moto_server or dynalite on
// loopback; scripts/ci/30-dynamodb.sh starts them). Every test gets four fresh tables.
#include "storage/dynamodb/dynamodb_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "aws/credentials_provider.hpp"
#include "domain/reading.hpp"
#include "storage/dynamodb/client_factory.hpp"
#include "storage/dynamodb/device_registry.hpp"
#include "storage/dynamodb/item_codec.hpp"
#include "store_behaviour.hpp"

namespace portfolio::storage {
namespace {

namespace json = boost::json;

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

// A status that few devices have costs one Query per shard on by_status, as a page without a filter
// does; as a FilterExpression on by_shard it read up to 4 rounds per shard (16 calls) and a short page.
TEST(DynamoDbCalls, ARareStatusPageIsOneQueryPerShard) {
  auto counter = std::make_shared<CallCounter>();
  auto options = fresh_options();
  options.on_call = [counter](std::string_view operation) { counter->count(operation); };
  auto store = open_fresh(options);
  auto fleet = one_reading_each(kHourStart);
  fleet[17].status = domain::DeviceStatus::error;
  fleet[150].status = domain::DeviceStatus::error;
  ASSERT_TRUE(store->put_readings(fleet));
  counter->take();

  DeviceQuery query;
  query.filter.status = domain::DeviceStatus::error;
  query.page.limit = 5;
  auto page = store->list_devices(query);
  const auto calls = counter->take();
  ASSERT_TRUE(page);
  EXPECT_EQ(total_of(calls), static_cast<int>(dynamodb::DeviceRegistry::kShards)) << describe(calls);
  EXPECT_EQ(calls.count("Query") ? calls.at("Query") : 0, 4) << describe(calls);
  ASSERT_EQ(page->items.size(), 2U);  // one full page, not one cut short with a cursor
  EXPECT_EQ(page->items[0].device_id, "calls-1017");
  EXPECT_EQ(page->items[1].device_id, "calls-1150");
  EXPECT_FALSE(page->next);
}

// A devices table made before by_status (an upgrade): create_tables adds the index, and a device
// that has not reported since is found by its status all the same.
TEST(DynamoDbUpgrade, CreateTablesAddsTheStatusIndexAndBackfillsOlderDevices) {
  auto options = fresh_options();
  auto client = dynamodb::make_client(options, dynamodb::credentials_for(options));
  const auto key = [](const char* name) {
    return json::object{{"AttributeName", name}, {"KeyType", "HASH"}};
  };
  const auto text = [](const char* name) {
    return json::object{{"AttributeName", name}, {"AttributeType", "S"}};
  };
  json::object by_shard{{"IndexName", "by_shard"},
                        {"KeySchema", json::array{key("shard"), json::object{{"AttributeName", "device_id"},
                                                                             {"KeyType", "RANGE"}}}},
                        {"Projection", json::object{{"ProjectionType", "ALL"}}}};
  json::object old_table{{"TableName", options.devices_table},
                         {"KeySchema", json::array{key("device_id")}},
                         {"AttributeDefinitions", json::array{text("device_id"), text("shard")}},
                         {"BillingMode", "PAY_PER_REQUEST"},
                         {"GlobalSecondaryIndexes", json::array{std::move(by_shard)}}};
  ASSERT_TRUE(client->call("CreateTable", old_table));
  // The item an earlier version wrote: the reading and its shard.
  domain::Reading old_reading;
  old_reading.device_id = "old-device";
  old_reading.timestamp_ms = kHourStart;
  old_reading.status = domain::DeviceStatus::maintenance;
  auto item = dynamodb::reading_item(old_reading);
  item["shard"] = dynamodb::string_value(dynamodb::DeviceRegistry::shard_of(old_reading.device_id));
  bool stored = false;
  for (int attempt = 0; attempt < 100 && !stored; ++attempt) {  // the new table may still be CREATING
    stored =
        static_cast<bool>(client->call("PutItem", {{"TableName", options.devices_table}, {"Item", item}}));
    if (!stored) std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  ASSERT_TRUE(stored);

  auto store = open_fresh(options);  // create_tables on the existing devices table
  auto described = client->call("DescribeTable", {{"TableName", options.devices_table}});
  ASSERT_TRUE(described);
  std::vector<std::string> indexes;
  for (const auto& index : described->at("Table").at("GlobalSecondaryIndexes").as_array()) {
    indexes.emplace_back(index.at("IndexName").as_string());
  }
  std::sort(indexes.begin(), indexes.end());
  EXPECT_EQ(indexes, (std::vector<std::string>{"by_shard", "by_status"}));
  DeviceQuery query;
  query.filter.status = domain::DeviceStatus::maintenance;
  query.page.limit = 10;
  auto page = store->list_devices(query);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 1U);
  EXPECT_EQ(page->items[0].device_id, "old-device");
  // Idempotent: a second run changes nothing.
  ASSERT_TRUE(create_tables(options));
  EXPECT_EQ(store->list_devices(query)->items.size(), 1U);
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
