// The rollups part of the behavioural suite: hour and day rollups stay exact under resends, late
// and out-of-order readings, batches that mix them, concurrent writers, and window edges inside a
// bucket.
#include <algorithm>
#include <latch>
#include <random>
#include <thread>

#include "store_behaviour.hpp"
#include "store_behaviour_support.hpp"

namespace portfolio::storage {
namespace {

using namespace behaviour;  // NOLINT(google-build-using-namespace): the suite's own helpers
using domain::kDayMs;
using domain::kHourMs;
using domain::kMinuteMs;

// ---- rollups -----------------------------------------------------------------------------------

TEST_P(StoreBehaviour, ResentReadingReplacesItsContributionToTheRollups) {
  std::vector<Reading> stored = {with_battery(make_reading("dev-r", kBase + 1 * kMinuteMs, 10, 30), 90),
                                 with_battery(make_reading("dev-r", kBase + 2 * kMinuteMs, 40, 10), 15),
                                 make_reading("dev-r", kBase + 3 * kMinuteMs, 20, 20, DeviceStatus::error)};
  ASSERT_EQ(outcome(store().put_readings(stored)), "OK");
  // The maximum and the lowest battery are resent with other values: min/max must follow them down.
  stored[1] = with_battery(make_reading("dev-r", kBase + 2 * kMinuteMs, 15, 12), 80);
  ASSERT_EQ(outcome(store().put_reading(stored[1])), "OK");
  ASSERT_EQ(outcome(store().put_readings(std::vector<Reading>{stored[1], stored[1]})), "OK");  // and again

  const auto expected = *expected_summary(stored, kDay, kDay + kDayMs - 1);
  EXPECT_EQ(expected.count, 3);
  // A whole day (day rollup), a whole hour (hour rollup) and a window inside the hour (raw).
  expect_same_summary(one_summary(store(), "dev-r", kDay, kDay + kDayMs - 1), expected);
  expect_same_summary(one_summary(store(), "dev-r", kBase, kBase + kHourMs - 1), expected);
  expect_same_summary(one_summary(store(), "dev-r", kBase, kBase + 10 * kMinuteMs), expected);
  const auto hourly = series_of(store(), "dev-r", kDay, kDay + kDayMs - 1, kHourMs);
  ASSERT_EQ(hourly.size(), 1U);
  EXPECT_EQ(hourly[0].start_ms, kBase);
  EXPECT_EQ(hourly[0].count, 3);
  EXPECT_DOUBLE_EQ(hourly[0].temperature.max, 20);
  EXPECT_EQ(hourly[0].battery_min, 80);
}

TEST_P(StoreBehaviour, AnIdenticalResendCountsOnceAndAnyChangedFieldReplaces) {
  std::vector<Reading> stored = {make_reading("dev-same", kBase + 1 * kMinuteMs, 10, 30),
                                 with_battery(make_reading("dev-same", kBase + 2 * kMinuteMs, 40, 10), 50)};
  ASSERT_EQ(outcome(store().put_readings(stored)), "OK");
  // The same readings again, one by one and in a batch that holds one of them twice.
  ASSERT_EQ(outcome(store().put_reading(stored[0])), "OK");
  ASSERT_EQ(outcome(store().put_readings(std::vector<Reading>{stored[1], stored[0], stored[1]})), "OK");
  auto expected = *expected_summary(stored, kDay, kDay + kDayMs - 1);
  EXPECT_EQ(expected.count, 2);
  expect_same_summary(one_summary(store(), "dev-same", kDay, kDay + kDayMs - 1), expected);
  expect_same_summary(one_summary(store(), "dev-same", kBase, kBase + kHourMs - 1), expected);

  // A resend that differs in one field only is a replacement: a battery where there was none, then
  // a location.
  stored[0] = with_battery(stored[0], 5);
  ASSERT_EQ(outcome(store().put_reading(stored[0])), "OK");
  expected = *expected_summary(stored, kDay, kDay + kDayMs - 1);
  EXPECT_EQ(expected.battery_min, 5);
  expect_same_summary(one_summary(store(), "dev-same", kDay, kDay + kDayMs - 1), expected);
  expect_same_summary(one_summary(store(), "dev-same", kBase, kBase + kHourMs - 1), expected);
  stored[1].location = "moved";
  ASSERT_EQ(outcome(store().put_reading(stored[1])), "OK");
  const auto history = all_history(store(), {.device_id = "dev-same", .order = SortOrder::ascending});
  EXPECT_EQ(history, stored);
}

TEST_P(StoreBehaviour, NewerReadingsAddToAnHourAndAResentNewestReplacesItself) {
  std::vector<Reading> stored;
  for (int i = 0; i < 4; ++i) {
    // One write per reading, each newer than the hour's rollup so far.
    stored.push_back(with_battery(make_reading("dev-add", kBase + i * kMinuteMs, 10 + i, 50 - i), 90 - i));
    ASSERT_EQ(outcome(store().put_reading(stored.back())), "OK");
  }
  // The hour's newest reading resent with lower values, then a newer one on top.
  stored[3] = with_battery(make_reading("dev-add", kBase + 3 * kMinuteMs, 1, 99), 95);
  ASSERT_EQ(outcome(store().put_reading(stored[3])), "OK");
  stored.push_back(make_reading("dev-add", kBase + 4 * kMinuteMs, 12, 40));
  ASSERT_EQ(outcome(store().put_reading(stored.back())), "OK");
  const auto expected = *expected_summary(stored, kDay, kDay + kDayMs - 1);
  EXPECT_EQ(expected.count, 5);
  expect_same_summary(one_summary(store(), "dev-add", kDay, kDay + kDayMs - 1), expected);
  expect_same_summary(one_summary(store(), "dev-add", kBase, kBase + kHourMs - 1), expected);
  const auto hourly = series_of(store(), "dev-add", kBase, kBase + kHourMs - 1, kHourMs);
  ASSERT_EQ(hourly.size(), 1U);
  EXPECT_EQ(hourly[0].count, 5);
  EXPECT_DOUBLE_EQ(hourly[0].temperature.min, 1);
  EXPECT_EQ(hourly[0].battery_min, 88);
}

TEST_P(StoreBehaviour, LateReadingLandsInItsOwnBucket) {
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-late", kBase + 2 * kHourMs + 5, 22))), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-late", kBase + 2 * kHourMs + 9, 24))), "OK");
  // Arrives last, belongs two hours earlier (and on the previous day for the day bucket).
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-late", kBase - 11 * kHourMs, 5))), "OK");
  const auto hourly = series_of(store(), "dev-late", kBase - kDayMs, kBase + kDayMs, kHourMs);
  ASSERT_EQ(hourly.size(), 2U);
  EXPECT_EQ(hourly[0].start_ms, kBase - 11 * kHourMs);
  EXPECT_EQ(hourly[0].count, 1);
  EXPECT_EQ(hourly[1].start_ms, kBase + 2 * kHourMs);
  EXPECT_EQ(hourly[1].count, 2);
  EXPECT_DOUBLE_EQ(hourly[1].temperature.avg, 23);
  const auto daily = series_of(store(), "dev-late", kDay - 2 * kDayMs, kDay + 2 * kDayMs, kDayMs);
  ASSERT_EQ(daily.size(), 2U);
  EXPECT_EQ(daily[0].start_ms, kDay - kDayMs);
  EXPECT_EQ(daily[0].count, 1);
  EXPECT_EQ(daily[1].start_ms, kDay);
  EXPECT_EQ(daily[1].count, 2);
  // The device's latest reading is still the newest, not the last written.
  auto devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].latest.timestamp_ms, kBase + 2 * kHourMs + 9);
}

TEST_P(StoreBehaviour, RollupsDoNotDependOnTheOrderOfWrites) {
  std::vector<Reading> readings;
  for (int i = 0; i < 60; ++i) {
    // Three days, every 73 minutes, with a battery now and then and the status changing.
    auto r = make_reading("dev-order", kDay - kDayMs + i * 73 * kMinuteMs, -10 + i * 0.75, 100 - i,
                          i % 7 == 0 ? DeviceStatus::maintenance : DeviceStatus::active);
    if (i % 3 == 0) r.battery_level = 100 - i;
    readings.push_back(r);
  }
  auto shuffled = readings;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  for (std::size_t i = 0; i < shuffled.size(); i += 9) {
    const auto end = std::min(shuffled.size(), i + 9);
    ASSERT_EQ(outcome(store().put_readings(std::span(shuffled).subspan(i, end - i))), "OK");
  }
  // Windows with edges inside hours and days, whole days, and everything.
  for (const auto& [from, to] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {kDay - kDayMs + 17 * kMinuteMs, kDay + kDayMs + 5 * kHourMs + 7},
           {kDay, kDay + kDayMs - 1},
           {kDay - 3 * kDayMs, kDay + 3 * kDayMs},
           {kDay + 90 * kMinuteMs + 1, kDay + 3 * kHourMs}}) {
    SCOPED_TRACE("window " + std::to_string(from) + ".." + std::to_string(to));
    const auto expected = expected_summary(readings, from, to);
    ASSERT_TRUE(expected.has_value());
    expect_same_summary(one_summary(store(), "dev-order", from, to), *expected);
  }
}

TEST_P(StoreBehaviour, OneBatchOfNewResentAndLateReadingsKeepsEveryBucketExact) {
  // Stored first: two readings of dev-a in the 10:00 hour.
  std::vector<Reading> stored = {make_reading("dev-a", kBase + 1 * kMinuteMs, 10),
                                 make_reading("dev-a", kBase + 2 * kMinuteMs, 20)};
  ASSERT_EQ(outcome(store().put_readings(stored)), "OK");
  // One batch: new readings in that hour and the next, a resend of a stored reading, a key sent
  // twice (the second wins), a late reading of the previous day, and a second device.
  const std::vector<Reading> batch = {
      make_reading("dev-a", kBase + 3 * kMinuteMs, 30),
      with_battery(make_reading("dev-a", kBase + 2 * kMinuteMs, 25), 40),  // replaces 20
      make_reading("dev-a", kBase + kHourMs + 1, 50),
      make_reading("dev-a", kBase + kHourMs + 1, 55, 50, DeviceStatus::error),  // replaces 50
      make_reading("dev-a", kBase - kDayMs, 5),
      make_reading("dev-b", kBase + 4 * kMinuteMs, 70)};
  ASSERT_EQ(outcome(store().put_readings(batch)), "OK");
  const std::vector<Reading> a = {stored[0], batch[1], batch[0], batch[3], batch[4]};

  for (const auto& [from, to] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {kDay, kDay + kDayMs - 1}, {kBase, kBase + kHourMs - 1}, {kDay - kDayMs, kDay + kDayMs - 1}}) {
    SCOPED_TRACE("window " + std::to_string(from) + ".." + std::to_string(to));
    expect_same_summary(one_summary(store(), "dev-a", from, to), *expected_summary(a, from, to));
  }
  const auto hourly = series_of(store(), "dev-a", kDay, kDay + kDayMs - 1, kHourMs);
  ASSERT_EQ(hourly.size(), 2U);
  EXPECT_EQ(hourly[0].count, 3);
  EXPECT_EQ(hourly[0].battery_min, 40);
  EXPECT_EQ(hourly[1].count, 1);
  EXPECT_DOUBLE_EQ(hourly[1].temperature.max, 55);
  const auto daily = series_of(store(), "dev-a", kDay - kDayMs, kDay + kDayMs - 1, kDayMs);
  ASSERT_EQ(daily.size(), 2U);
  EXPECT_EQ(daily[0].count, 1);
  EXPECT_EQ(daily[1].count, 4);
  const auto devices = all_devices(store(), 10);
  ASSERT_EQ(devices.size(), 2U);
  EXPECT_EQ(devices[0].latest, batch[3]);  // the newest reading, in its last version
  EXPECT_EQ(devices[1].latest, batch[5]);
  EXPECT_EQ(one_summary(store(), "dev-b", kDay, kDay + kDayMs - 1).count, 1);
}

TEST_P(StoreBehaviour, WindowEdgesInsideABucketCountOnlyTheReadingsInside) {
  for (std::int64_t minute : {15, 45, 75, 105}) {  // 10:15, 10:45, 11:15, 11:45
    ASSERT_EQ(outcome(store().put_reading(
                  make_reading("dev-edge", kBase + minute * kMinuteMs, static_cast<double>(minute)))),
              "OK");
  }
  const auto from = kBase + 30 * kMinuteMs;    // 10:30
  const auto to = kBase + 90 * kMinuteMs - 1;  // 11:29:59.999
  const auto summary = one_summary(store(), "dev-edge", from, to);
  EXPECT_EQ(summary.count, 2);
  EXPECT_DOUBLE_EQ(summary.temperature.min, 45);
  EXPECT_DOUBLE_EQ(summary.temperature.max, 75);
  const auto hourly = series_of(store(), "dev-edge", from, to, kHourMs);
  ASSERT_EQ(hourly.size(), 2U);
  EXPECT_EQ(hourly[0].start_ms, kBase);  // buckets keep their aligned start
  EXPECT_EQ(hourly[0].count, 1);
  EXPECT_EQ(hourly[1].count, 1);
  // The exact reading time on an inclusive edge counts.
  EXPECT_EQ(one_summary(store(), "dev-edge", kBase + 45 * kMinuteMs, kBase + 75 * kMinuteMs).count, 2);
}

TEST_P(StoreBehaviour, ConcurrentWritersKeepTheRollupsExact) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10;
  std::latch start(kThreads);
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread writes its own keys into one shared hour, and resends key 0 of everyone.
        auto own = make_reading("dev-hot", kBase + (t * kPerThread + i) * 1000, t, i);
        auto resend = make_reading("dev-hot", kBase, 50, 50);
        auto result = store().put_readings(std::vector<Reading>{own, resend});
        if (!result && failures[t].empty()) failures[t] = outcome(result);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  const auto summary = one_summary(store(), "dev-hot", kDay, kDay + kDayMs - 1);
  EXPECT_EQ(summary.count, kThreads * kPerThread);  // key kBase is one reading, however often resent
  EXPECT_DOUBLE_EQ(summary.temperature.max, 50);
  const auto hourly = series_of(store(), "dev-hot", kBase, kBase + kHourMs - 1, kHourMs);
  ASSERT_EQ(hourly.size(), 1U);
  EXPECT_EQ(hourly[0].count, kThreads * kPerThread);
}

}  // namespace

int link_store_behaviour_rollups() {
  return 1;
}

}  // namespace portfolio::storage
