// The window arithmetic every back end shares: which pieces of a window come from raw readings, hour
// rollups and day rollups, and which bucket width `auto` picks.
#include "storage/rollup_query.hpp"

#include <gtest/gtest.h>

#include "domain/series_buckets.hpp"

namespace portfolio::storage {
namespace {

using domain::kDayMs;
using domain::kHourMs;
using domain::kMinuteMs;
using Source = WindowPiece::Source;

constexpr std::int64_t kDay = 1'764'288'000'000;  // 2025-11-28T00:00:00Z

// Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
std::string describe(const std::vector<WindowPiece>& pieces) {
  std::string out;
  for (const auto& p : pieces) {
    out.append(p.source == Source::raw ? "raw" : p.source == Source::hour ? "hour" : "day");
    out.append("[").append(std::to_string((p.from_ms - kDay) / kMinuteMs)).append("m,");
    out.append(std::to_string((p.to_ms - kDay) / kMinuteMs)).append("m) ");
  }
  return out;
}

TEST(PlanWindow, ThirtyDaysReadDaysInTheMiddleHoursAroundThemAndRawOnlyAtTheEdges) {
  const auto from = kDay + 10 * kHourMs + 30 * kMinuteMs;  // day 0, 10:30
  const auto to = kDay + 30 * kDayMs + 5 * kHourMs + 15 * kMinuteMs - 1;
  const auto pieces = plan_window(from, to, true);
  ASSERT_EQ(pieces.size(), 5U) << describe(pieces);
  EXPECT_EQ(pieces[0].source, Source::raw);
  EXPECT_EQ(pieces[0].to_ms - pieces[0].from_ms, 30 * kMinuteMs);
  EXPECT_EQ(pieces[1].source, Source::hour);
  EXPECT_EQ(pieces[2].source, Source::day);
  EXPECT_EQ(pieces[2].to_ms - pieces[2].from_ms, 29 * kDayMs);
  EXPECT_EQ(pieces[3].source, Source::hour);
  EXPECT_EQ(pieces[4].source, Source::raw);
  EXPECT_EQ(pieces[4].to_ms, to + 1);
  // Contiguous: every instant of the window is in exactly one piece.
  for (std::size_t i = 1; i < pieces.size(); ++i) EXPECT_EQ(pieces[i].from_ms, pieces[i - 1].to_ms);
}

TEST(PlanWindow, AWindowInsideOneHourIsRawAndAWholeHourIsOneRollup) {
  EXPECT_EQ(describe(plan_window(kDay + 5 * kMinuteMs, kDay + 50 * kMinuteMs, true)), "raw[5m,50m) ");
  EXPECT_EQ(describe(plan_window(kDay + kHourMs, kDay + 2 * kHourMs - 1, true)), "hour[60m,120m) ");
  EXPECT_EQ(describe(plan_window(kDay, kDay + kDayMs - 1, true)), "day[0m,1440m) ");
  EXPECT_EQ(describe(plan_window(kDay, kDay + kDayMs - 1, false)), "hour[0m,1440m) ");
  EXPECT_TRUE(plan_window(kDay + 1, kDay, true).empty());
}

TEST(ChooseBucket, AutoPicksTheSmallestWidthWithAtMost500Buckets) {
  EXPECT_EQ(domain::choose_bucket("auto", kDay, kDay + kDayMs - 1)->name, "5m");   // 288
  EXPECT_EQ(domain::choose_bucket("auto", kDay, kDay + kHourMs - 1)->name, "1m");  // 60
  EXPECT_EQ(domain::choose_bucket("auto", kDay, kDay + 30 * kDayMs)->name, "6h");  // 121
  EXPECT_EQ(domain::choose_bucket("1h", kDay, kDay + kDayMs)->width_ms, kHourMs);
}

TEST(ChooseBucket, MoreThan1000BucketsOrAnUnknownNameIsAValidationErrorOnBucket) {
  auto too_many = domain::choose_bucket("1m", kDay, kDay + kDayMs);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().details.at(0).field, "bucket");
  auto unknown = domain::choose_bucket("2m", kDay, kDay + 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().details.at(0).field, "bucket");
  EXPECT_TRUE(domain::choose_bucket("1m", kDay, kDay + 1000 * kMinuteMs - 1));  // exactly 1000
}

}  // namespace
}  // namespace portfolio::storage
