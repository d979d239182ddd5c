#include "sim/backfill_plan.hpp"

#include <gtest/gtest.h>

#include <set>

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
  std::int64_t previous = 0;
  for (std::size_t b = 0; b < plan.batch_count(10); ++b) {
    const auto batch = plan.batch(generator, b, 10);
    EXPECT_EQ(batch.size(), b + 1 < plan.batch_count(10) ? 10u : 2u);
    for (const auto& reading : batch) {
      EXPECT_GE(reading.timestamp_ms, previous) << "oldest first";
      previous = reading.timestamp_ms;
      keys.emplace(reading.device_id, reading.timestamp_ms);
    }
  }
  EXPECT_EQ(keys.size(), 72u) << "no reading sent twice, none missed";
  EXPECT_EQ(plan.batch_count(10), 8u);
  EXPECT_TRUE(plan.batch(generator, 8, 10).empty());
}

TEST(BackfillPlan, BatchesHoldTheGeneratorsReadings) {
  const ReadingGenerator generator(9, 4);
  const BackfillPlan plan(kEnd, hours(2), minutes(5), 4);
  const auto batch = plan.batch(generator, 1, 7);
  ASSERT_EQ(batch.size(), 7u);
  // Reading 7 of the plan is the fourth device (index 3) at the second step.
  EXPECT_EQ(batch.front(), generator.reading(3, plan.first_timestamp_ms() + std::int64_t{5} * 60'000));
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
