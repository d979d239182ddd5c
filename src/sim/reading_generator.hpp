#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/reading.hpp"

namespace portfolio::sim {

// What makes one simulated device differ from another: where it stands (and so its climate and local
// time), its sensor's calibration offset, and its battery.
struct DeviceProfile {
  std::string device_id;
  std::string location;
  int utc_offset_hours = 0;
  double mean_temperature_c = 20;  // daily mean, calibration offset included
  double daily_swing_c = 6;        // warmest (15:00 local) minus coldest (03:00 local)
  double mean_humidity = 60;
  std::optional<double> battery_drain_per_day;  // percent per day; empty for mains-powered devices
  double battery_phase = 0;                     // percent drained since the last battery swap, at epoch 0
};

// Produces the readings of N simulated devices as a pure function of (seed, device, timestamp): the
// same seed gives the same reading for the same device and instant, whatever order readings are asked
// for in, so live runs, backfills and retries all agree with each other.
//
// - Temperature follows a daily cycle in the device's local time (warmest mid-afternoon), plus
//   slow weather drift and sensor jitter, kept within -10..50 °C.
// - Humidity moves against the temperature (warm afternoons are drier), within 5..98 %.
// - Battery-powered devices drain steadily and get a fresh battery when they reach 5 %.
// - A device is occasionally in `maintenance` (a one- or two-hour window on about one day in twenty)
//   or reports `error` (about one ten-minute slot in two hundred, ten times as often on a low battery).
class ReadingGenerator {
 public:
  static constexpr double kMinTemperature = -10;
  static constexpr double kMaxTemperature = 50;

  ReadingGenerator(std::uint64_t seed, std::size_t device_count,
                   const std::string& device_prefix = "sensor-");

  const std::vector<DeviceProfile>& devices() const noexcept { return devices_; }

  domain::Reading reading(std::size_t device, std::int64_t timestamp_ms) const;

 private:
  double unit_noise(std::size_t device, std::uint64_t channel, std::int64_t slot) const;
  double smooth_noise(std::size_t device, std::uint64_t channel, std::int64_t timestamp_ms,
                      std::int64_t period_ms) const;
  domain::DeviceStatus status_at(std::size_t device, std::int64_t timestamp_ms,
                                 std::optional<double> battery) const;

  std::uint64_t seed_;
  std::vector<DeviceProfile> devices_;
};

}  // namespace portfolio::sim
