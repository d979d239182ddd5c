#include "sim/backfill_plan.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

namespace portfolio::sim {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::int64_t kEnd = 1'764'324'123'456;

TEST(BackfillPlan, CoversEveryDeviceAtEveryAlignedStepOfTheSpan) {
  const ReadingGenerator generator(1, 3);
  const BackfillPlan plan(kEnd, hours(24), hours(1), 3);
  EXPECT_EQ(plan.steps(), 24u);
  EXPECT_EQ(plan.total_readings(), 72u);
  EXPECT_EQ(plan.last_timestamp_ms() % 3'600'000, 0);
  EXPECT_LE(plan.last_timestamp_ms(), kEnd);
  EXPECT_GT(plan.last_timestamp_ms(), kEnd - 3'600'000);
  EXPECT_EQ(plan.first_timestamp_ms(), plan.last_timestamp_ms() - std::int64_t{23} * 3'600'000);

  std::set<std::pair<std::string, std::int64_t>> keys;
  std::map<std::string, std::int64_t> previous;  // per device
  std::int64_t window = 0;
  for (std::size_t b = 0; b < plan.batch_count(10); ++b) {
    const auto batch = plan.batch(generator, b, 10);
    EXPECT_EQ(batch.size(), b + 1 < plan.batch_count(10) ? 10u : 2u);
    for (const auto& reading : batch) {
      EXPECT_GT(reading.timestamp_ms, previous[reading.device_id]) << "each device's oldest first";
      previous[reading.device_id] = reading.timestamp_ms;
      // Windows of 10 steps: every reading of one window before any of the next.
      const std::int64_t reading_window = (reading.timestamp_ms - plan.first_timestamp_ms()) / 3'600'000 / 10;
      EXPECT_GE(reading_window, window) << "windows in order";
      window = reading_window;
      keys.emplace(reading.device_id, reading.timestamp_ms);
    }
  }
  EXPECT_EQ(keys.size(), 72u) << "no reading sent twice, none missed";
  EXPECT_EQ(plan.batch_count(10), 8u);
  EXPECT_TRUE(plan.batch(generator, 8, 10).empty());
}

TEST(BackfillPlan, AFullBatchIsOneDevicesRunOfConsecutiveReadings) {
  const ReadingGenerator generator(9, 4);
  const BackfillPlan plan(kEnd, hours(2), minutes(5), 4);  // 24 steps: windows of 7, 7, 7 and 3
  constexpr std::int64_t kStep = std::int64_t{5} * 60'000;
  // Batch 1 is the second device (index 1) at the first 7 steps; batch 5 the second device at steps
  // 7..13 (the second window's second batch).
  for (const auto& [index, device, first_step] : {std::tuple{1u, 1u, 0}, std::tuple{5u, 1u, 7}}) {
    const auto batch = plan.batch(generator, index, 7);
    ASSERT_EQ(batch.size(), 7u);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(batch[i], generator.reading(device, plan.first_timestamp_ms() +
                                                        (first_step + static_cast<std::int64_t>(i)) * kStep));
    }
  }
  // The last window has 3 steps: its first batch is devices 0 and 1 (3 each), then device 2's first.
  const auto last = plan.batch(generator, 12, 7);
  ASSERT_EQ(last.size(), 7u);
  EXPECT_EQ(last.front(), generator.reading(0, plan.first_timestamp_ms() + 21 * kStep));
  EXPECT_EQ(last[3], generator.reading(1, plan.first_timestamp_ms() + 21 * kStep));
  EXPECT_EQ(last[6], generator.reading(2, plan.first_timestamp_ms() + 21 * kStep));
}

TEST(BackfillPlan, StartedMinutesApartTheSamePlanSendsTheSameReadings) {
  const ReadingGenerator generator(42, 2);
  const BackfillPlan a(kEnd, hours(24), hours(1), 2);
  const BackfillPlan b(kEnd + std::int64_t{10} * 60'000, hours(24), hours(1),
                       2);  // same hour, ten minutes later
  EXPECT_EQ(a.batch(generator, 0, 500), b.batch(generator, 0, 500));
}

}  // namespace
}  // namespace portfolio::sim
