#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace portfolio::domain {

enum class DeviceStatus { active, inactive, error, maintenance };

// One sensor reading. The key is (device_id, timestamp_ms): writing the same key again replaces it.
struct Reading {
  std::string device_id;
  std::int64_t timestamp_ms = 0;  // epoch milliseconds
  double temperature = 0;         // degrees Celsius, -50..100
  double humidity = 0;            // percent, 0..100
  DeviceStatus status = DeviceStatus::active;
  std::optional<double> battery_level;  // percent, 0..100
  std::optional<std::string> location;  // up to 64 characters

  bool operator==(const Reading&) const = default;
};

// A device and its most recent reading, as kept by the store on every write.
struct DeviceState {
  std::string device_id;
  Reading latest;

  bool operator==(const DeviceState&) const = default;
};

struct Stats {
  double min = 0;
  double max = 0;
  double avg = 0;

  bool operator==(const Stats&) const = default;
};

// Aggregates of one device over a time window.
struct DeviceSummary {
  std::string device_id;
  std::int64_t count = 0;
  Stats temperature;
  Stats humidity;
  std::optional<double> battery_min;  // lowest battery level reported in the window, if any
  DeviceStatus latest_status = DeviceStatus::active;
  std::int64_t latest_timestamp_ms = 0;

  bool operator==(const DeviceSummary&) const = default;
};

std::string_view to_string(DeviceStatus status);
std::optional<DeviceStatus> parse_device_status(std::string_view text);

}  // namespace portfolio::domain
