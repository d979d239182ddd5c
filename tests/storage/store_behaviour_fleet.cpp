// The fleet-scale part of the behavioural suite: series, summaries paged by device, device filters
// and connectivity, fleet totals, retention, and shared error messages (rollups:
// store_behaviour_rollups.cpp).
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

std::vector<std::string> ids_of(const std::vector<domain::DeviceState>& devices) {
  std::vector<std::string> ids;
  for (const auto& d : devices) ids.push_back(d.device_id);
  return ids;
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

// A status few devices have, among many that do not (the simulator's fleet has 0.5 % in error): every
// page size finds each of them once, in order, with the other filters on top.
TEST_P(StoreBehaviour, ARareStatusAmongManyDevicesPagesInOrder) {
  std::vector<Reading> fleet;
  for (int i = 0; i < 120; ++i) {
    const std::string id = std::string(i % 2 == 0 ? "lab-" : "roof-") + std::to_string(100 + i);
    const bool error = i % 17 == 3;  // 3, 20, 37, 54, 71, 88, 105: lab-120, lab-154, lab-188, 4 roof
    // Two of the devices in error are offline (roof-103, roof-171), two have a low battery.
    const std::int64_t seen = error && i % 68 == 3 ? kBase - kHourMs : kBase;
    Reading reading = make_reading(id, seen, 20, 40, error ? DeviceStatus::error : DeviceStatus::active);
    fleet.push_back(error ? with_battery(reading, i % 68 == 20 ? 5 : 50) : reading);
  }
  ASSERT_EQ(outcome(store().put_readings(fleet)), "OK");
  using V = std::vector<std::string>;
  const DeviceFilter error{.status = DeviceStatus::error, .online_since_ms = FleetFixture::kOnlineSince};
  for (std::size_t limit : {1U, 2U, 3U, 100U}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(ids_of(all_devices(store(), limit, error)),
              (V{"lab-120", "lab-154", "lab-188", "roof-103", "roof-137", "roof-171", "roof-205"}));
    DeviceFilter lab = error;
    lab.prefix = "lab-";
    EXPECT_EQ(ids_of(all_devices(store(), limit, lab)), (V{"lab-120", "lab-154", "lab-188"}));
    lab.low_battery = true;
    lab.low_battery_below = 20;
    EXPECT_EQ(ids_of(all_devices(store(), limit, lab)), (V{"lab-120", "lab-188"}));
    DeviceFilter roof = error;
    roof.prefix = "roof-";
    roof.online = true;
    EXPECT_EQ(ids_of(all_devices(store(), limit, roof)), (V{"roof-137", "roof-205"}));
    roof.online = false;
    EXPECT_EQ(ids_of(all_devices(store(), limit, roof)), (V{"roof-103", "roof-171"}));
  }
  EXPECT_EQ(all_devices(store(), 100, {.status = DeviceStatus::maintenance}).size(), 0U);
  EXPECT_EQ(all_devices(store(), 7, {.status = DeviceStatus::active}).size(), 113U);
}

// A device is listed under the status of its newest reading only: a new reading with another status
// moves it, a late one does not.
TEST_P(StoreBehaviour, ADeviceWhoseStatusChangesMovesToTheOtherStatus) {
  FleetFixture::write(store());
  using V = std::vector<std::string>;
  const auto with_status = [&](DeviceStatus status) {
    return ids_of(all_devices(store(), 2, {.status = status}));
  };
  ASSERT_EQ(with_status(DeviceStatus::error), V{"lab-2"});
  ASSERT_EQ(
      outcome(store().put_reading(make_reading("lab-1", kBase + kMinuteMs, 20, 40, DeviceStatus::error))),
      "OK");
  EXPECT_EQ(with_status(DeviceStatus::error), (V{"lab-1", "lab-2"}));
  EXPECT_EQ(with_status(DeviceStatus::active), (V{"lab-3", "roof-2"}));
  // Older than lab-1's newest reading: it stays in error.
  ASSERT_EQ(
      outcome(store().put_reading(make_reading("lab-1", kBase - kMinuteMs, 20, 40, DeviceStatus::active))),
      "OK");
  EXPECT_EQ(with_status(DeviceStatus::error), (V{"lab-1", "lab-2"}));
  const std::vector<Reading> both = {
      make_reading("lab-1", kBase + 2 * kMinuteMs, 20, 40, DeviceStatus::maintenance),
      make_reading("lab-2", kBase + 2 * kMinuteMs, 20, 40, DeviceStatus::active)};
  ASSERT_EQ(outcome(store().put_readings(both)), "OK");
  EXPECT_EQ(with_status(DeviceStatus::error), V{});
  EXPECT_EQ(with_status(DeviceStatus::maintenance), (V{"lab-1", "roof-1"}));
  EXPECT_EQ(with_status(DeviceStatus::active), (V{"lab-2", "lab-3", "roof-2"}));
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
