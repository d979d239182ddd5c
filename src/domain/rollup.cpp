#include "domain/rollup.hpp"

#include <algorithm>
#include <utility>

namespace portfolio::domain {
namespace {

std::optional<double> lower(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

Stats stats_of(double sum, double min, double max, std::int64_t count) {
  return {min, max, count > 0 ? sum / static_cast<double>(count) : 0};
}

}  // namespace

void Rollup::add(const Reading& reading) {
  Rollup one;
  one.count = 1;
  one.temperature_sum = one.temperature_min = one.temperature_max = reading.temperature;
  one.humidity_sum = one.humidity_min = one.humidity_max = reading.humidity;
  one.battery_min = reading.battery_level;
  one.latest_status = reading.status;
  one.latest_ms = reading.timestamp_ms;
  merge(one);
}

void Rollup::merge(const Rollup& other) {
  if (other.count == 0) return;
  if (count == 0) {
    const auto start = start_ms;
    *this = other;
    start_ms = start;
    return;
  }
  count += other.count;
  temperature_sum += other.temperature_sum;
  temperature_min = std::min(temperature_min, other.temperature_min);
  temperature_max = std::max(temperature_max, other.temperature_max);
  humidity_sum += other.humidity_sum;
  humidity_min = std::min(humidity_min, other.humidity_min);
  humidity_max = std::max(humidity_max, other.humidity_max);
  battery_min = lower(battery_min, other.battery_min);
  if (other.latest_ms >= latest_ms) {
    latest_ms = other.latest_ms;
    latest_status = other.latest_status;
  }
}

SeriesBucket to_series_bucket(const Rollup& rollup) {
  return {rollup.start_ms, rollup.count,
          stats_of(rollup.temperature_sum, rollup.temperature_min, rollup.temperature_max, rollup.count),
          stats_of(rollup.humidity_sum, rollup.humidity_min, rollup.humidity_max, rollup.count),
          rollup.battery_min};
}

DeviceSummary to_summary(std::string device_id, const Rollup& rollup) {
  DeviceSummary summary;
  summary.device_id = std::move(device_id);
  summary.count = rollup.count;
  summary.temperature =
      stats_of(rollup.temperature_sum, rollup.temperature_min, rollup.temperature_max, rollup.count);
  summary.humidity = stats_of(rollup.humidity_sum, rollup.humidity_min, rollup.humidity_max, rollup.count);
  summary.battery_min = rollup.battery_min;
  summary.latest_status = rollup.latest_status;
  summary.latest_timestamp_ms = rollup.latest_ms;
  return summary;
}

void DeviceStats::count(const Reading& latest, std::int64_t online_since_ms, double low_battery_below) {
  ++devices;
  switch (latest.status) {
    case DeviceStatus::active:
      ++active;
      break;
    case DeviceStatus::inactive:
      ++inactive;
      break;
    case DeviceStatus::error:
      ++error;
      break;
    case DeviceStatus::maintenance:
      ++maintenance;
      break;
  }
  if (latest.timestamp_ms >= online_since_ms) ++online;
  if (latest.battery_level && *latest.battery_level < low_battery_below) ++low_battery;
}

}  // namespace portfolio::domain
