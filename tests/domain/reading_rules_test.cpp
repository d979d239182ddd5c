#include "domain/reading_rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "domain/clock.hpp"

namespace portfolio::domain {
namespace {

constexpr std::int64_t kNow = 1'764'324'000'000;  // 2025-11-28T10:00:00Z

Reading valid() {
  return {"sensor-1", kNow - 1000, 21.5, 40, DeviceStatus::active, 90.0, "lab"};
}

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(ReadingRules, AcceptsAValidReading) {
  EXPECT_TRUE(ReadingRules::check(valid(), kNow).empty());
}

TEST(ReadingRules, DeviceIdCharactersAndLength) {
  for (const auto* good : {"a", "sensor-01", "lab.floor:2_x"}) {
    EXPECT_TRUE(ReadingRules::check_device_id(good).empty()) << good;
  }
  for (const auto* bad : {"", "with space", "slash/no", "ü"}) {
    EXPECT_FALSE(ReadingRules::check_device_id(bad).empty()) << bad;
  }
  EXPECT_TRUE(ReadingRules::check_device_id(std::string(64, 'd')).empty());
  EXPECT_FALSE(ReadingRules::check_device_id(std::string(65, 'd')).empty());
}

TEST(ReadingRules, TimestampBoundsCatchSecondsSentByMistake) {
  auto r = valid();
  r.timestamp_ms = kNow / 1000;  // seconds
  const auto errors = ReadingRules::check(r, kNow);
  ASSERT_EQ(fields_of(errors), std::vector<std::string>{"timestamp"});
  EXPECT_NE(errors[0].message.find("seconds"), std::string::npos);
  r.timestamp_ms = ReadingRules::kEarliestMs;
  EXPECT_TRUE(ReadingRules::check(r, kNow).empty());
  r.timestamp_ms = kNow + ReadingRules::kMaxFutureMs;
  EXPECT_TRUE(ReadingRules::check(r, kNow).empty());
  r.timestamp_ms = kNow + ReadingRules::kMaxFutureMs + 1;
  EXPECT_EQ(fields_of(ReadingRules::check(r, kNow)), std::vector<std::string>{"timestamp"});
}

TEST(ReadingRules, RangesIncludingTheirBounds) {
  auto r = valid();
  r.temperature = -50;
  r.humidity = 100;
  r.battery_level = 0;
  EXPECT_TRUE(ReadingRules::check(r, kNow).empty());
  r.temperature = 100.01;
  r.humidity = -0.1;
  r.battery_level = 100.5;
  r.location = std::string(65, 'x');
  EXPECT_EQ(fields_of(ReadingRules::check(r, kNow)),
            (std::vector<std::string>{"temperature", "humidity", "battery_level", "location"}));
}

TEST(ReadingRules, LocationLimitCountsCharactersNotBytes) {
  auto r = valid();
  std::string e_acute;
  for (int i = 0; i < 64; ++i) e_acute += "\u00e9";  // 64 characters, 128 bytes
  r.location = e_acute;
  EXPECT_TRUE(ReadingRules::check(r, kNow).empty());
  r.location = e_acute + "x";
  EXPECT_EQ(fields_of(ReadingRules::check(r, kNow)), std::vector<std::string>{"location"});
}

TEST(ReadingRules, NonFiniteNumbersAreRejected) {
  auto r = valid();
  r.temperature = std::numeric_limits<double>::quiet_NaN();
  r.humidity = std::numeric_limits<double>::infinity();
  EXPECT_EQ(fields_of(ReadingRules::check(r, kNow)), (std::vector<std::string>{"temperature", "humidity"}));
}

TEST(Clock, FormatsIso8601WithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(kNow + 7), "2025-11-28T10:00:00.007Z");
  EXPECT_EQ(format_iso8601(951'782'400'123), "2000-02-29T00:00:00.123Z");
  EXPECT_EQ(format_iso8601(253'402'300'799'999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace portfolio::domain
