#pragma once

#include <cstdint>
#include <optional>

#include "domain/reading.hpp"

namespace portfolio::domain {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// The start of the bucket of width `width_ms` (aligned to the epoch, so days are UTC days) that
// holds `timestamp_ms`.
constexpr std::int64_t bucket_start(std::int64_t timestamp_ms, std::int64_t width_ms) {
  const auto q = timestamp_ms / width_ms;
  return (timestamp_ms % width_ms < 0 ? q - 1 : q) * width_ms;
}

// Aggregates of the readings of one device in one time range: a stored hour or day rollup, a
// series bucket, or a summary. Sums rather than averages, so that rollups add up exactly.
struct Rollup {
  std::int64_t start_ms = 0;  // the bucket's start (unused for summaries)
  std::int64_t count = 0;
  double temperature_sum = 0;
  double temperature_min = 0;
  double temperature_max = 0;
  double humidity_sum = 0;
  double humidity_min = 0;
  double humidity_max = 0;
  std::optional<double> battery_min;  // absent when no reading in the range had a battery level
  DeviceStatus latest_status = DeviceStatus::active;
  std::int64_t latest_ms = 0;  // timestamp of the newest reading in the range

  bool empty() const { return count == 0; }
  void add(const Reading& reading);
  // Adds another range's aggregates (disjoint from this one's).
  void merge(const Rollup& other);

  bool operator==(const Rollup&) const = default;
};

// One point of GET /metrics/{device_id}/series.
struct SeriesBucket {
  std::int64_t start_ms = 0;
  std::int64_t count = 0;
  Stats temperature;
  Stats humidity;
  std::optional<double> battery_min;

  bool operator==(const SeriesBucket&) const = default;
};

SeriesBucket to_series_bucket(const Rollup& rollup);
DeviceSummary to_summary(std::string device_id, const Rollup& rollup);

// Fleet totals of GET /devices/stats.
struct DeviceStats {
  std::int64_t devices = 0;
  std::int64_t active = 0;
  std::int64_t inactive = 0;
  std::int64_t error = 0;
  std::int64_t maintenance = 0;
  std::int64_t online = 0;
  std::int64_t low_battery = 0;

  void count(const Reading& latest, std::int64_t online_since_ms, double low_battery_below);
  bool operator==(const DeviceStats&) const = default;
};

}  // namespace portfolio::domain
