#include "sim/reading_generator.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <map>

namespace portfolio::sim {
namespace {

using domain::DeviceStatus;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kStart = 1'764'288'000'000;  // 2025-11-28T00:00:00Z, a UTC midnight

TEST(ReadingGenerator, SameSeedGivesTheSameReadingsInAnyOrder) {
  const ReadingGenerator first(7, 20);
  const ReadingGenerator second(7, 20);
  for (std::size_t device = 0; device < 20; ++device) {
    for (std::int64_t t = kStart; t < kStart + 2 * kDayMs; t += std::int64_t{17} * 60'000) {
      EXPECT_EQ(first.reading(device, t), second.reading(device, t));
    }
  }
  // Asking backwards gives what asking forwards gave: no hidden state between calls.
  const auto later = first.reading(3, kStart + kDayMs);
  first.reading(3, kStart);
  EXPECT_EQ(first.reading(3, kStart + kDayMs), later);
}

TEST(ReadingGenerator, DifferentSeedsGiveDifferentReadings) {
  const ReadingGenerator a(1, 5);
  const ReadingGenerator b(2, 5);
  int differing = 0;
  for (std::size_t device = 0; device < 5; ++device) {
    differing += a.reading(device, kStart).temperature != b.reading(device, kStart).temperature ? 1 : 0;
  }
  EXPECT_GE(differing, 4);
}

TEST(ReadingGenerator, DeviceIdsAreNumberedAndValidForTheApi) {
  const ReadingGenerator small(1, 12);
  EXPECT_EQ(small.devices().front().device_id, "sensor-001");
  EXPECT_EQ(small.devices().back().device_id, "sensor-012");
  const ReadingGenerator large(1, 10'000, "plant-a.");
  EXPECT_EQ(large.devices().front().device_id, "plant-a.00001");
  EXPECT_EQ(large.devices().back().device_id, "plant-a.10000");
  for (const auto& device : large.devices()) {
    ASSERT_LE(device.device_id.size(), 64u);
    for (char c : device.device_id) {
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-')
          << device.device_id;
    }
  }
}

TEST(ReadingGenerator, EveryReadingIsWithinTheDocumentedRanges) {
  const ReadingGenerator generator(99, 100);
  std::map<DeviceStatus, int> statuses;
  int readings = 0;
  for (std::size_t device = 0; device < 100; ++device) {
    for (std::int64_t t = kStart; t < kStart + 30 * kDayMs; t += kHourMs) {
      const auto r = generator.reading(device, t);
      ++readings;
      ++statuses[r.status];
      ASSERT_EQ(r.timestamp_ms, t);
      ASSERT_GE(r.temperature, -10.0);
      ASSERT_LE(r.temperature, 50.0);
      ASSERT_GE(r.humidity, 0.0);
      ASSERT_LE(r.humidity, 100.0);
      if (r.battery_level) {
        ASSERT_GE(*r.battery_level, 5.0);
        ASSERT_LE(*r.battery_level, 100.0);
      }
      ASSERT_TRUE(r.location.has_value());
      ASSERT_LE(r.location->size(), 64u);
      ASSERT_TRUE(std::isfinite(r.temperature) && std::isfinite(r.humidity));
    }
  }
  // Mostly healthy, with occasional errors and maintenance windows, and never `inactive`.
  EXPECT_GT(statuses[DeviceStatus::active], readings * 9 / 10);
  EXPECT_GT(statuses[DeviceStatus::error], 0);
  EXPECT_GT(statuses[DeviceStatus::maintenance], 0);
  EXPECT_LT(statuses[DeviceStatus::error], readings / 20);
  EXPECT_LT(statuses[DeviceStatus::maintenance], readings / 20);
  EXPECT_EQ(statuses[DeviceStatus::inactive], 0);
}

TEST(ReadingGenerator, AfternoonsAreWarmerAndDrierThanNightsInLocalTime) {
  const ReadingGenerator generator(5, 40);
  for (std::size_t device = 0; device < 40; ++device) {
    const auto& profile = generator.devices()[device];
    double afternoon_t = 0, night_t = 0, afternoon_h = 0, night_h = 0;
    constexpr int kDays = 30;
    for (int day = 0; day < kDays; ++day) {
      // 15:00 and 03:00 local time for this device.
      const std::int64_t midnight_local = kStart + day * kDayMs - profile.utc_offset_hours * kHourMs;
      const auto warm = generator.reading(device, midnight_local + 15 * kHourMs);
      const auto cold = generator.reading(device, midnight_local + 3 * kHourMs);
      afternoon_t += warm.temperature / kDays;
      night_t += cold.temperature / kDays;
      afternoon_h += warm.humidity / kDays;
      night_h += cold.humidity / kDays;
    }
    // On average the afternoon is warmer by about the device's daily swing (weather blurs single days).
    EXPECT_NEAR(afternoon_t - night_t, profile.daily_swing_c, 1.5) << profile.device_id;
    EXPECT_LT(afternoon_h, night_h) << profile.device_id;
  }
}

TEST(ReadingGenerator, TemperatureChangesSmoothlyBetweenNeighbouringReadings) {
  const ReadingGenerator generator(11, 10);
  for (std::size_t device = 0; device < 10; ++device) {
    double previous = generator.reading(device, kStart).temperature;
    for (std::int64_t t = kStart + std::int64_t{5} * 60'000; t < kStart + 3 * kDayMs;
         t += std::int64_t{5} * 60'000) {
      const double current = generator.reading(device, t).temperature;
      // Five minutes apart: daily cycle, drift and sensor jitter together move well under 1.5 °C.
      ASSERT_LT(std::abs(current - previous), 1.5) << generator.devices()[device].device_id << " at " << t;
      previous = current;
    }
  }
}

TEST(ReadingGenerator, BatteriesDrainSteadilyAndAreReplacedWhenLow) {
  const ReadingGenerator generator(3, 50);
  int battery_devices = 0;
  int replacements = 0;
  for (std::size_t device = 0; device < 50; ++device) {
    const auto& profile = generator.devices()[device];
    if (!profile.battery_drain_per_day) {
      EXPECT_FALSE(generator.reading(device, kStart).battery_level.has_value());
      continue;
    }
    ++battery_devices;
    double previous = *generator.reading(device, kStart).battery_level;
    for (std::int64_t t = kStart + kHourMs; t < kStart + 120 * kDayMs; t += kHourMs) {
      const double level = *generator.reading(device, t).battery_level;
      if (level > previous + 1) {
        ++replacements;
        EXPECT_LT(previous, 7.0) << "a battery is swapped only when nearly empty";
      } else {
        EXPECT_LE(level, previous + 0.1) << "a battery never charges by itself";
      }
      previous = level;
    }
  }
  EXPECT_GT(battery_devices, 25);
  EXPECT_LT(battery_devices, 50) << "some devices are mains-powered";
  EXPECT_GT(replacements, 0);
}

}  // namespace
}  // namespace portfolio::sim
