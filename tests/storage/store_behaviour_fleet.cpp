// The fleet-scale part of the behavioural suite: rollups (exact under resends, late and
// out-of-order readings, concurrent writers, window edges inside a bucket), series, summaries paged
// by device, device filters and connectivity, fleet totals, retention, and shared error messages.
#include <algorithm>
#include <latch>
#include <map>
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

const std::int64_t kDay = domain::bucket_start(kBase, kDayMs);  // 2025-11-28T00:00:00Z

Reading with_battery(Reading reading, double battery) {
  reading.battery_level = battery;
  return reading;
}

// What a summary of `readings` (the stored ones, one per key) over [from, to] must say.
std::optional<domain::DeviceSummary> expected_summary(const std::vector<Reading>& readings, std::int64_t from,
                                                      std::int64_t to) {
  domain::Rollup all;
  for (const auto& r : readings) {
    if (r.timestamp_ms >= from && r.timestamp_ms <= to) all.add(r);
  }
  if (all.empty()) return std::nullopt;
  return domain::to_summary(readings.front().device_id, all);
}

void expect_same_summary(const domain::DeviceSummary& actual, const domain::DeviceSummary& expected) {
  EXPECT_EQ(actual.device_id, expected.device_id);
  EXPECT_EQ(actual.count, expected.count);
  EXPECT_DOUBLE_EQ(actual.temperature.min, expected.temperature.min);
  EXPECT_DOUBLE_EQ(actual.temperature.max, expected.temperature.max);
  EXPECT_NEAR(actual.temperature.avg, expected.temperature.avg, 1e-9);
  EXPECT_DOUBLE_EQ(actual.humidity.min, expected.humidity.min);
  EXPECT_DOUBLE_EQ(actual.humidity.max, expected.humidity.max);
  EXPECT_NEAR(actual.humidity.avg, expected.humidity.avg, 1e-9);
  EXPECT_EQ(actual.battery_min, expected.battery_min);
  EXPECT_EQ(actual.latest_status, expected.latest_status);
  EXPECT_EQ(actual.latest_timestamp_ms, expected.latest_timestamp_ms);
}

domain::DeviceSummary one_summary(Store& store, const std::string& device, std::int64_t from,
                                  std::int64_t to) {
  auto page = store.summarize({.from_ms = from, .to_ms = to, .device_id = device});
  EXPECT_TRUE(page) << outcome(page);
  if (!page || page->items.size() != 1) {
    ADD_FAILURE() << "no summary of " << device;
    return {};
  }
  return page->items.front();
}

std::vector<domain::SeriesBucket> series_of(Store& store, const std::string& device, std::int64_t from,
                                            std::int64_t to, std::int64_t bucket) {
  auto buckets = store.series({.device_id = device, .from_ms = from, .to_ms = to, .bucket_ms = bucket});
  EXPECT_TRUE(buckets) << outcome(buckets);
  return buckets ? *buckets : std::vector<domain::SeriesBucket>{};
}

std::vector<std::string> ids_of(const std::vector<domain::DeviceState>& devices) {
  std::vector<std::string> ids;
  for (const auto& d : devices) ids.push_back(d.device_id);
  return ids;
}

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

// ---- series ------------------------------------------------------------------------------------

TEST_P(StoreBehaviour, SeriesLeavesEmptyBucketsOutAndAggregatesEachBucket) {
  std::vector<Reading> readings = {make_reading("dev-s", kBase + 1 * kMinuteMs, 10, 50),
                                   with_battery(make_reading("dev-s", kBase + 3 * kMinuteMs, 20, 60), 42),
                                   make_reading("dev-s", kBase + 21 * kMinuteMs, 30, 70)};
  ASSERT_EQ(outcome(store().put_readings(readings)), "OK");
  const auto buckets = series_of(store(), "dev-s", kBase, kBase + kHourMs - 1, 5 * kMinuteMs);
  ASSERT_EQ(buckets.size(), 2U);
  EXPECT_EQ(buckets[0], (domain::SeriesBucket{kBase, 2, {10, 20, 15}, {50, 60, 55}, 42}));
  EXPECT_EQ(buckets[1], (domain::SeriesBucket{kBase + 20 * kMinuteMs, 1, {30, 30, 30}, {70, 70, 70}, {}}));
  EXPECT_TRUE(series_of(store(), "dev-s", kBase + kHourMs, kBase + 2 * kHourMs, kMinuteMs).empty());
}

TEST_P(StoreBehaviour, SeriesOfADeviceThatNeverReportedIsNotFound) {
  ASSERT_EQ(outcome(store().put_reading(make_reading("known", kBase))), "OK");
  auto series =
      store().series({.device_id = "unknown", .from_ms = kBase, .to_ms = kBase + 1, .bucket_ms = kHourMs});
  EXPECT_EQ(code_of(series), "DEVICE_NOT_FOUND");
  EXPECT_EQ(message_of(series), "device not found");
}

// ---- summaries paged by device -----------------------------------------------------------------

TEST_P(StoreBehaviour, SummaryPagesCoverEveryDeviceWithReadingsInTheWindowOnce) {
  std::vector<std::string> expected;
  for (int i = 0; i < 11; ++i) {
    const std::string id = "dev-" + std::string(1, static_cast<char>('a' + (i * 4) % 11));
    ASSERT_EQ(outcome(store().put_reading(make_reading(id, kBase + i * kMinuteMs, i))), "OK");
    expected.push_back(id);
  }
  // Outside the window on either side: not listed.
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-before", kBase - 2 * kDayMs))), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-after", kBase + 3 * kDayMs))), "OK");
  std::sort(expected.begin(), expected.end());
  for (std::size_t limit : {1U, 4U, 11U, 100U}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    const auto all =
        all_summaries(store(), {.from_ms = kDay, .to_ms = kDay + kDayMs - 1, .page = {.limit = limit}});
    std::vector<std::string> ids;
    for (const auto& s : all) ids.push_back(s.device_id);
    EXPECT_EQ(ids, expected);
  }
}

// ---- devices: filters, connectivity and totals -------------------------------------------------

class FleetFixture {
 public:
  // Six devices: status, last seen, battery and id prefix chosen so that each filter picks some.
  static void write(Store& store) {
    const std::vector<Reading> fleet = {
        with_battery(make_reading("lab-1", kBase, 20, 40, DeviceStatus::active), 90),
        with_battery(make_reading("lab-2", kBase - kHourMs, 20, 40, DeviceStatus::error), 10),
        make_reading("lab-3", kBase - 5 * kMinuteMs, 20, 40, DeviceStatus::active),
        with_battery(make_reading("roof-1", kBase, 20, 40, DeviceStatus::maintenance), 19.5),
        with_battery(make_reading("roof-2", kBase - kDayMs, 20, 40, DeviceStatus::active), 20),
        with_battery(make_reading("yard", kBase - 2 * kHourMs, 20, 40, DeviceStatus::inactive), 5)};
    ASSERT_EQ(outcome(store.put_readings(fleet)), "OK");
  }
  static constexpr std::int64_t kOnlineSince = kBase - 15 * kMinuteMs;
};

TEST_P(StoreBehaviour, DeviceFiltersCombineAndPage) {
  FleetFixture::write(store());
  using V = std::vector<std::string>;
  const auto with = [&](DeviceFilter filter) {
    filter.online_since_ms = FleetFixture::kOnlineSince;
    EXPECT_EQ(ids_of(all_devices(store(), 1, filter)), ids_of(all_devices(store(), 100, filter)));
    return ids_of(all_devices(store(), 2, filter));
  };
  EXPECT_EQ(with({}), (V{"lab-1", "lab-2", "lab-3", "roof-1", "roof-2", "yard"}));
  EXPECT_EQ(with({.status = DeviceStatus::active}), (V{"lab-1", "lab-3", "roof-2"}));
  EXPECT_EQ(with({.online = true}), (V{"lab-1", "lab-3", "roof-1"}));
  EXPECT_EQ(with({.online = false}), (V{"lab-2", "roof-2", "yard"}));
  EXPECT_EQ(with({.prefix = "lab-"}), (V{"lab-1", "lab-2", "lab-3"}));
  EXPECT_EQ(with({.prefix = "ro"}), (V{"roof-1", "roof-2"}));
  EXPECT_EQ(with({.prefix = "zzz"}), V{});
  EXPECT_EQ(with({.low_battery = true}), (V{"lab-2", "roof-1", "yard"}));  // 20 is not below 20
  EXPECT_EQ(with({.status = DeviceStatus::active, .online = true, .prefix = "lab"}), (V{"lab-1", "lab-3"}));
  EXPECT_EQ(with({.online = true, .low_battery = true}), (V{"roof-1"}));
  EXPECT_EQ(with({.status = DeviceStatus::error, .online = true}), V{});
}

TEST_P(StoreBehaviour, ConnectivityFollowsTheNewestReading) {
  FleetFixture::write(store());
  // A late reading does not bring a device back online; a new one does.
  ASSERT_EQ(outcome(store().put_reading(make_reading("roof-2", kBase - 2 * kDayMs))), "OK");
  DeviceFilter online{.online = true, .online_since_ms = FleetFixture::kOnlineSince};
  EXPECT_EQ(ids_of(all_devices(store(), 10, online)), (std::vector<std::string>{"lab-1", "lab-3", "roof-1"}));
  ASSERT_EQ(outcome(store().put_reading(make_reading("roof-2", kBase, 1, 1, DeviceStatus::error))), "OK");
  EXPECT_EQ(ids_of(all_devices(store(), 10, online)),
            (std::vector<std::string>{"lab-1", "lab-3", "roof-1", "roof-2"}));
  online.status = DeviceStatus::error;
  EXPECT_EQ(ids_of(all_devices(store(), 10, online)), (std::vector<std::string>{"roof-2"}));
}

TEST_P(StoreBehaviour, DeviceStatsCountTheFleet) {
  auto empty = store().device_stats({});
  ASSERT_TRUE(empty) << outcome(empty);
  EXPECT_EQ(*empty, domain::DeviceStats{});
  FleetFixture::write(store());
  auto stats = store().device_stats({.online_since_ms = FleetFixture::kOnlineSince, .low_battery_below = 20});
  ASSERT_TRUE(stats) << outcome(stats);
  EXPECT_EQ(*stats, (domain::DeviceStats{.devices = 6,
                                         .active = 3,
                                         .inactive = 1,
                                         .error = 1,
                                         .maintenance = 1,
                                         .online = 3,
                                         .low_battery = 3}));
}

// ---- retention ---------------------------------------------------------------------------------

TEST_P(StoreBehaviour, SweepDeletesOldReadingsInBatchesAndRollupsOutliveThem) {
  if (store().backend() == "dynamodb") GTEST_SKIP() << "DynamoDB expires readings by TTL, not by a sweep";
  std::vector<Reading> old;
  for (int i = 0; i < 7; ++i) old.push_back(make_reading("dev-old", kDay - 3 * kDayMs + i * kMinuteMs, i));
  ASSERT_EQ(outcome(store().put_readings(old)), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-old", kBase, 99))), "OK");
  std::size_t deleted = 0;
  for (int round = 0; round < 20; ++round) {
    auto swept = store().sweep_readings(kDay, 3);
    ASSERT_TRUE(swept) << outcome(swept);
    EXPECT_LE(*swept, 3U);
    deleted += *swept;
    if (*swept == 0 && deleted == old.size()) break;
  }
  EXPECT_EQ(deleted, old.size());
  const auto history = all_history(store(), {.device_id = "dev-old", .page = {.limit = 100}});
  EXPECT_EQ(timestamps_of(history), (std::vector<std::int64_t>{kBase}));
  // The day rollup still knows the swept readings.
  EXPECT_EQ(one_summary(store(), "dev-old", kDay - 3 * kDayMs, kDay - 2 * kDayMs - 1).count, 7);
}

// ---- one message set ---------------------------------------------------------------------------

TEST_P(StoreBehaviour, ErrorMessagesAreTheSameOnEveryBackEnd) {
  ASSERT_EQ(outcome(store().create_user(make_user("msg_user", 1, "msg@example.com"))), "OK");
  EXPECT_EQ(message_of(store().create_user(make_user("MSG_USER", 2, "other@example.com"))),
            "username is already taken");
  EXPECT_EQ(message_of(store().create_user(make_user("other", 3, "MSG@example.com"))),
            "email is already taken");
  EXPECT_EQ(message_of(store().get_user("00000000-0000-4000-8000-000000000999")), "user not found");
  EXPECT_EQ(message_of(store().delete_user("00000000-0000-4000-8000-000000000999")), "user not found");
  EXPECT_EQ(message_of(store().device_history({.device_id = "nobody"})), "device not found");
  EXPECT_EQ(message_of(store().list_devices({.page = {.limit = 0}})), "limit: must be positive");
}

}  // namespace

int link_store_behaviour_fleet() {
  return 1;
}

}  // namespace portfolio::storage
