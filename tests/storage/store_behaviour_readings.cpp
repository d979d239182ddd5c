#include <algorithm>
#include <atomic>
#include <cstdint>
#include <latch>
#include <set>
#include <thread>

#include "store_behaviour.hpp"
#include "store_behaviour_support.hpp"

namespace portfolio::storage {
namespace {

using namespace behaviour;  // NOLINT(google-build-using-namespace): the suite's own helpers

// ---- readings: history -------------------------------------------------------------------------

TEST_P(StoreBehaviour, ReadingReadsBackWithItsOptionalFields) {
  auto full = make_reading("dev-opt", kBase + 1, -12.5, 99.75, DeviceStatus::maintenance);
  full.battery_level = 87.5;
  full.location = "lab \"north\" 2";
  const auto bare = make_reading("dev-opt", kBase + 2, 100, 0, DeviceStatus::error);
  ASSERT_EQ(outcome(store().put_reading(full)), "OK");
  ASSERT_EQ(outcome(store().put_reading(bare)), "OK");
  const auto history = all_history(store(), {.device_id = "dev-opt", .order = SortOrder::ascending});
  ASSERT_EQ(history.size(), 2U);
  EXPECT_EQ(history[0], full);
  EXPECT_EQ(history[1], bare);
}

TEST_P(StoreBehaviour, HistoryOfUnknownDeviceIsNotFound) {
  ASSERT_EQ(outcome(store().put_reading(make_reading("known", kBase))), "OK");
  EXPECT_EQ(code_of(store().device_history({.device_id = "unknown"})), "DEVICE_NOT_FOUND");
  EXPECT_EQ(code_of(store().device_history({.device_id = "know"})), "DEVICE_NOT_FOUND");
}

TEST_P(StoreBehaviour, EmptyWindowOfKnownDeviceIsAnEmptyPage) {
  ASSERT_EQ(outcome(store().put_reading(make_reading("known", kBase))), "OK");
  auto page = store().device_history({.device_id = "known", .from_ms = kBase + 1, .to_ms = kBase + 100});
  ASSERT_TRUE(page) << outcome(page);
  EXPECT_TRUE(page->items.empty());
  EXPECT_FALSE(page->next.has_value());
}

TEST_P(StoreBehaviour, HistoryIsNewestFirstByDefaultAndOldestFirstOnRequest) {
  // Written out of order on purpose.
  for (std::int64_t offset : {30, 10, 50, 20, 40}) {
    ASSERT_EQ(outcome(store().put_reading(make_reading("dev-order", kBase + offset))), "OK");
  }
  auto newest_first = store().device_history({.device_id = "dev-order"});
  ASSERT_TRUE(newest_first) << outcome(newest_first);
  EXPECT_EQ(timestamps_of(newest_first->items),
            (std::vector<std::int64_t>{kBase + 50, kBase + 40, kBase + 30, kBase + 20, kBase + 10}));
  auto oldest_first = store().device_history({.device_id = "dev-order", .order = SortOrder::ascending});
  ASSERT_TRUE(oldest_first) << outcome(oldest_first);
  EXPECT_EQ(timestamps_of(oldest_first->items),
            (std::vector<std::int64_t>{kBase + 10, kBase + 20, kBase + 30, kBase + 40, kBase + 50}));
}

TEST_P(StoreBehaviour, HistoryWindowBoundsAreInclusive) {
  for (std::int64_t offset = 0; offset < 10; ++offset) {
    ASSERT_EQ(outcome(store().put_reading(make_reading("dev-window", kBase + offset * 100))), "OK");
  }
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-other", kBase + 300))), "OK");
  for (auto order : {SortOrder::ascending, SortOrder::descending}) {
    auto readings = all_history(
        store(), {.device_id = "dev-window", .from_ms = kBase + 300, .to_ms = kBase + 600, .order = order});
    auto timestamps = timestamps_of(readings);
    std::sort(timestamps.begin(), timestamps.end());
    EXPECT_EQ(timestamps, (std::vector<std::int64_t>{kBase + 300, kBase + 400, kBase + 500, kBase + 600}));
  }
  auto exact =
      all_history(store(), {.device_id = "dev-window", .from_ms = kBase + 700, .to_ms = kBase + 700});
  EXPECT_EQ(timestamps_of(exact), (std::vector<std::int64_t>{kBase + 700}));
  auto between =
      all_history(store(), {.device_id = "dev-window", .from_ms = kBase + 701, .to_ms = kBase + 799});
  EXPECT_TRUE(between.empty());
}

TEST_P(StoreBehaviour, HistoryPagesCoverTheWindowOnceInEitherOrder) {
  std::vector<Reading> batch;
  for (std::int64_t i = 0; i < 40; ++i) {
    batch.push_back(make_reading("dev-pages", kBase + i * 1000, 20.0 + static_cast<double>(i)));
  }
  ASSERT_EQ(outcome(store().put_readings(batch)), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-pages-2", kBase + 5000))), "OK");

  std::vector<std::int64_t> expected;
  for (std::int64_t i = 5; i <= 33; ++i) {
    expected.push_back(kBase + i * 1000);
  }
  for (std::size_t limit : {1U, 6U, 29U, 1000U}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    HistoryQuery query{.device_id = "dev-pages", .from_ms = kBase + 5000, .to_ms = kBase + 33'000};
    query.page.limit = limit;
    query.order = SortOrder::ascending;
    EXPECT_EQ(timestamps_of(all_history(store(), query)), expected);
    query.order = SortOrder::descending;
    auto descending = timestamps_of(all_history(store(), query));
    std::reverse(descending.begin(), descending.end());
    EXPECT_EQ(descending, expected);
  }
}

TEST_P(StoreBehaviour, SameDeviceAndTimestampReplacesTheReading) {
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-replace", kBase, 10, 10))), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-replace", kBase + 1, 11, 11))), "OK");
  auto replacement = make_reading("dev-replace", kBase, 30, 60, DeviceStatus::error);
  replacement.location = "moved";
  ASSERT_EQ(outcome(store().put_reading(replacement)), "OK");
  const auto history = all_history(store(), {.device_id = "dev-replace", .order = SortOrder::ascending});
  ASSERT_EQ(history.size(), 2U);
  EXPECT_EQ(history[0], replacement);
}

// ---- readings: latest per device ---------------------------------------------------------------

TEST_P(StoreBehaviour, LatestReadingSurvivesOutOfOrderWrites) {
  const auto newest = make_reading("dev-late", kBase + 300, 30);
  ASSERT_EQ(outcome(store().put_reading(newest)), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-late", kBase + 100, 10))), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-late", kBase + 200, 20))), "OK");
  auto devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].device_id, "dev-late");
  EXPECT_EQ(devices[0].latest, newest);

  // Replacing the latest reading itself updates it; a newer one takes over.
  auto corrected = make_reading("dev-late", kBase + 300, 31, 41, DeviceStatus::maintenance);
  ASSERT_EQ(outcome(store().put_reading(corrected)), "OK");
  devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].latest, corrected);
  const auto newer = make_reading("dev-late", kBase + 301, 32);
  ASSERT_EQ(outcome(store().put_readings(std::vector<Reading>{make_reading("dev-late", kBase + 5), newer})),
            "OK");
  devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].latest, newer);
}

TEST_P(StoreBehaviour, DevicePagesAreOrderedByIdAndCoverEveryDeviceOnce) {
  std::vector<std::string> expected;
  for (int i = 0; i < 13; ++i) {
    // Ids whose order differs from their insertion order.
    const std::string id = "dev-" + std::string(1, static_cast<char>('a' + (i * 5) % 13));
    expected.push_back(id);
    ASSERT_EQ(outcome(store().put_reading(make_reading(id, kBase + i))), "OK");
    ASSERT_EQ(outcome(store().put_reading(make_reading(id, kBase + 1000 + i, 50.0 + i))), "OK");
  }
  std::sort(expected.begin(), expected.end());
  for (std::size_t limit : {1U, 5U, 13U, 100U}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    const auto devices = all_devices(store(), limit);
    std::vector<std::string> ids;
    for (const auto& device : devices) {
      ids.push_back(device.device_id);
      EXPECT_EQ(device.latest.device_id, device.device_id);
      EXPECT_GE(device.latest.timestamp_ms, kBase + 1000);
    }
    EXPECT_EQ(ids, expected);
  }
}

TEST_P(StoreBehaviour, EmptyStoreListsNoDevicesAndNoSummaries) {
  auto devices = store().list_devices({.page = {.limit = 10}});
  ASSERT_TRUE(devices) << outcome(devices);
  EXPECT_TRUE(devices->items.empty());
  EXPECT_FALSE(devices->next.has_value());
  auto summaries = store().summarize({});
  ASSERT_TRUE(summaries) << outcome(summaries);
  EXPECT_TRUE(summaries->items.empty());
}

// ---- readings: summaries -----------------------------------------------------------------------

TEST_P(StoreBehaviour, SummaryAggregatesEachDeviceOverTheWindow) {
  std::vector<Reading> batch = {
      make_reading("dev-b", kBase - 1, -40, 0, DeviceStatus::error),  // before the window
      make_reading("dev-b", kBase, 10, 30, DeviceStatus::active),
      make_reading("dev-b", kBase + 500, 30, 50, DeviceStatus::maintenance),
      make_reading("dev-b", kBase + 200, 20.5, 10, DeviceStatus::inactive),
      make_reading("dev-b", kBase + 1001, 90, 99, DeviceStatus::error),  // after the window
      make_reading("dev-a", kBase + 1000, -5, 70, DeviceStatus::inactive),
      make_reading("dev-c", kBase + 5000, 1, 1),  // no reading in the window at all
  };
  ASSERT_EQ(outcome(store().put_readings(batch)), "OK");
  auto summaries = store().summarize({.from_ms = kBase, .to_ms = kBase + 1000});
  ASSERT_TRUE(summaries) << outcome(summaries);
  ASSERT_EQ(summaries->items.size(), 2U);

  const auto& a = summaries->items[0];
  EXPECT_EQ(a.device_id, "dev-a");
  EXPECT_EQ(a.count, 1);
  EXPECT_EQ(a.temperature, (domain::Stats{-5, -5, -5}));
  EXPECT_EQ(a.humidity, (domain::Stats{70, 70, 70}));
  EXPECT_EQ(a.latest_status, DeviceStatus::inactive);
  EXPECT_EQ(a.latest_timestamp_ms, kBase + 1000);

  const auto& b = summaries->items[1];
  EXPECT_EQ(b.device_id, "dev-b");
  EXPECT_EQ(b.count, 3);
  EXPECT_DOUBLE_EQ(b.temperature.min, 10);
  EXPECT_DOUBLE_EQ(b.temperature.max, 30);
  EXPECT_NEAR(b.temperature.avg, 60.5 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(b.humidity.min, 10);
  EXPECT_DOUBLE_EQ(b.humidity.max, 50);
  EXPECT_NEAR(b.humidity.avg, 30, 1e-9);
  EXPECT_EQ(b.latest_status, DeviceStatus::maintenance);  // of the newest reading in the window
  EXPECT_EQ(b.latest_timestamp_ms, kBase + 500);
}

TEST_P(StoreBehaviour, SummaryCanBeLimitedToOneDevice) {
  ASSERT_EQ(outcome(store().put_readings(std::vector<Reading>{make_reading("dev-1", kBase, 10),
                                                              make_reading("dev-2", kBase, 20),
                                                              make_reading("dev-2", kBase + 1, 22)})),
            "OK");
  auto one = store().summarize({.device_id = "dev-2"});
  ASSERT_TRUE(one) << outcome(one);
  ASSERT_EQ(one->items.size(), 1U);
  EXPECT_EQ(one->items[0].device_id, "dev-2");
  EXPECT_EQ(one->items[0].count, 2);
  EXPECT_NEAR(one->items[0].temperature.avg, 21, 1e-9);

  auto unknown = store().summarize({.device_id = "dev-3"});
  ASSERT_TRUE(unknown) << outcome(unknown);
  EXPECT_TRUE(unknown->items.empty());
  auto outside = store().summarize({.from_ms = kBase + 2, .to_ms = kBase + 10, .device_id = "dev-2"});
  ASSERT_TRUE(outside) << outcome(outside);
  EXPECT_TRUE(outside->items.empty());
}

// ---- readings: batches and concurrency ---------------------------------------------------------

TEST_P(StoreBehaviour, BatchPutStoresEveryReading) {
  EXPECT_EQ(outcome(store().put_readings({})), "OK");
  std::vector<Reading> batch;
  for (std::int64_t i = 0; i < 60; ++i) {
    batch.push_back(make_reading("dev-batch-" + std::to_string(i % 3), kBase + i));
  }
  ASSERT_EQ(outcome(store().put_readings(batch)), "OK");
  for (int device = 0; device < 3; ++device) {
    const auto id = "dev-batch-" + std::to_string(device);
    const auto history = all_history(store(), {.device_id = id, .order = SortOrder::ascending});
    ASSERT_EQ(history.size(), 20U) << id;
    for (std::size_t i = 0; i < history.size(); ++i) {
      EXPECT_EQ(history[i], batch[i * 3 + device]);
    }
  }
  const auto devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 3U);
  EXPECT_EQ(devices[2].latest, batch[59]);
}

TEST_P(StoreBehaviour, BatchNamingOneKeyTwiceKeepsTheLastAndTheNewest) {
  const auto replaced = make_reading("dev-twice", kBase + 50, 1, 1);
  const auto last_word = make_reading("dev-twice", kBase + 50, 2, 2, DeviceStatus::error);
  const auto older = make_reading("dev-twice", kBase + 10, 3, 3);
  ASSERT_EQ(outcome(store().put_readings(std::vector<Reading>{replaced, older, last_word})), "OK");
  const auto history = all_history(store(), {.device_id = "dev-twice", .order = SortOrder::ascending});
  ASSERT_EQ(history.size(), 2U);
  EXPECT_EQ(history[0], older);
  EXPECT_EQ(history[1], last_word);
  const auto devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].latest, last_word);
}

TEST_P(StoreBehaviour, ConcurrentWritersAreAllStored) {
  constexpr std::int64_t kThreads = 16;
  constexpr std::int64_t kPerThread = 12;
  std::latch start(kThreads);
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread writes its own device and interleaves with the others on a shared one.
        const auto own = make_reading("dev-own-" + std::to_string(t), kBase + i, t, i);
        const auto shared = make_reading("dev-shared", kBase + t * kPerThread + i, t, i);
        auto result = store().put_reading(i % 2 == 0 ? own : shared);
        if (!result && failures[t].empty()) {
          failures[t] = outcome(result);
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& failure : failures) {
    EXPECT_EQ(failure, "");
  }

  for (int t = 0; t < kThreads; ++t) {
    const auto own =
        all_history(store(), {.device_id = "dev-own-" + std::to_string(t), .page = {.limit = 1000}});
    EXPECT_EQ(own.size(), static_cast<std::size_t>(kPerThread / 2)) << "thread " << t;
  }
  const auto shared = all_history(store(), {.device_id = "dev-shared", .page = {.limit = 1000}});
  EXPECT_EQ(shared.size(), static_cast<std::size_t>(kThreads * kPerThread / 2));
  const auto devices = all_devices(store(), 100);
  ASSERT_EQ(devices.size(), static_cast<std::size_t>(kThreads + 1));
  const auto shared_state = std::find_if(devices.begin(), devices.end(),
                                         [](const auto& device) { return device.device_id == "dev-shared"; });
  ASSERT_NE(shared_state, devices.end());
  EXPECT_EQ(shared_state->latest.timestamp_ms, kBase + (kThreads - 1) * kPerThread + kPerThread - 1);
}

}  // namespace

int link_store_behaviour_readings() {
  return 1;
}

}  // namespace portfolio::storage
