#include "sim/reading_generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string_view>

namespace portfolio::sim {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kErrorSlotMs = std::int64_t{10} * 60'000;

struct Site {
  std::string_view name;
  int utc_offset_hours;
  double mean_temperature_c;
  double daily_swing_c;
  double mean_humidity;
};

// Places with distinct climates and time zones, so that the dashboard shows cycles that do not line up.
constexpr std::array<Site, 8> kSites = {{
    {"tokyo-rooftop", 9, 17, 8, 62},
    {"osaka-warehouse", 9, 18, 6, 60},
    {"sapporo-greenhouse", 9, 9, 9, 70},
    {"naha-pier", 9, 24, 5, 75},
    {"singapore-yard", 8, 28, 6, 80},
    {"sydney-depot", 10, 19, 8, 58},
    {"dubai-depot", 4, 32, 12, 35},
    {"helsinki-lab", 2, 4, 6, 78},
}};

// Noise channels, so that two quantities of one device never share their random numbers.
enum Channel : std::uint64_t {
  kProfile = 1,
  kWeather,
  kJitter,
  kHumidityWeather,
  kHumidityJitter,
  kMaintenanceDay,
  kMaintenanceStart,
  kError,
};

// SplitMix64's finaliser: a fast, well-mixed 64-bit hash, enough for simulation (not for secrets).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t hash(std::uint64_t seed, std::size_t device, std::uint64_t channel, std::int64_t slot) {
  std::uint64_t h = mix(seed);
  h = mix(h ^ static_cast<std::uint64_t>(device));
  h = mix(h ^ channel);
  return mix(h ^ static_cast<std::uint64_t>(slot));
}

double to_unit(std::uint64_t h) {
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}  // [0, 1)

// Floor division, so that instants before 1970 still fall into the right slot.
std::int64_t slot_of(std::int64_t timestamp_ms, std::int64_t period_ms) {
  const std::int64_t q = timestamp_ms / period_ms;
  return (timestamp_ms % period_ms < 0) ? q - 1 : q;
}

double round_to(double value, double step) {
  return std::round(value / step) * step;
}

std::string device_id(std::string_view prefix, std::size_t index, std::size_t count) {
  const std::size_t width = std::max<std::size_t>(3, std::to_string(count).size());
  std::string number = std::to_string(index + 1);
  return std::string(prefix) + std::string(width - number.size(), '0') + number;
}

}  // namespace

ReadingGenerator::ReadingGenerator(std::uint64_t seed, std::size_t device_count,
                                   const std::string& device_prefix)
    : seed_(seed) {
  devices_.reserve(device_count);
  for (std::size_t i = 0; i < device_count; ++i) {
    auto draw = [&](std::int64_t which) { return to_unit(hash(seed_, i, kProfile, which)); };
    const Site& site = kSites[static_cast<std::size_t>(draw(0) * kSites.size())];
    DeviceProfile profile;
    profile.device_id = device_id(device_prefix, i, device_count);
    profile.location = std::string(site.name);
    profile.utc_offset_hours = site.utc_offset_hours;
    profile.mean_temperature_c =
        site.mean_temperature_c + (draw(1) - 0.5) * 4;  // ±2 °C placement/calibration
    profile.daily_swing_c = site.daily_swing_c * (0.8 + draw(2) * 0.4);
    profile.mean_humidity = site.mean_humidity + (draw(3) - 0.5) * 10;
    if (draw(4) < 0.8) {  // one device in five is mains-powered
      profile.battery_drain_per_day = 0.5 + draw(5) * 2.5;
      profile.battery_phase = draw(6) * 95;
    }
    devices_.push_back(std::move(profile));
  }
}

double ReadingGenerator::unit_noise(std::size_t device, std::uint64_t channel, std::int64_t slot) const {
  return to_unit(hash(seed_, device, channel, slot));
}

// Value noise in -1..1 that changes smoothly over `period_ms` (cosine interpolation between knots).
double ReadingGenerator::smooth_noise(std::size_t device, std::uint64_t channel, std::int64_t timestamp_ms,
                                      std::int64_t period_ms) const {
  const std::int64_t knot = slot_of(timestamp_ms, period_ms);
  const double fraction =
      static_cast<double>(timestamp_ms - knot * period_ms) / static_cast<double>(period_ms);
  const double weight = (1 - std::cos(fraction * std::numbers::pi)) / 2;
  const double a = unit_noise(device, channel, knot) * 2 - 1;
  const double b = unit_noise(device, channel, knot + 1) * 2 - 1;
  return a + (b - a) * weight;
}

domain::DeviceStatus ReadingGenerator::status_at(std::size_t device, std::int64_t timestamp_ms,
                                                 std::optional<double> battery) const {
  const std::int64_t day = slot_of(timestamp_ms, kDayMs);
  if (unit_noise(device, kMaintenanceDay, day) < 0.05) {
    const double start_hour = unit_noise(device, kMaintenanceStart, day) * 22;
    const double length_hours = start_hour - std::floor(start_hour) < 0.5 ? 1 : 2;
    const double hour_of_day = static_cast<double>(timestamp_ms - day * kDayMs) / kHourMs;
    if (hour_of_day >= std::floor(start_hour) && hour_of_day < std::floor(start_hour) + length_hours) {
      return domain::DeviceStatus::maintenance;
    }
  }
  const double error_rate = battery && *battery < 15 ? 0.05 : 0.005;
  if (unit_noise(device, kError, slot_of(timestamp_ms, kErrorSlotMs)) < error_rate) {
    return domain::DeviceStatus::error;
  }
  return domain::DeviceStatus::active;
}

domain::Reading ReadingGenerator::reading(std::size_t device, std::int64_t timestamp_ms) const {
  const DeviceProfile& profile = devices_.at(device);

  const std::int64_t local_ms = timestamp_ms + profile.utc_offset_hours * kHourMs;
  const double local_hour = static_cast<double>(local_ms - slot_of(local_ms, kDayMs) * kDayMs) / kHourMs;
  // 1 at 15:00 local time, -1 at 03:00.
  const double cycle = std::cos(2 * std::numbers::pi * (local_hour - 15) / 24);

  double temperature = profile.mean_temperature_c + cycle * profile.daily_swing_c / 2 +
                       smooth_noise(device, kWeather, timestamp_ms, 6 * kHourMs) * 2 +
                       (unit_noise(device, kJitter, timestamp_ms) - 0.5) * 0.6;
  temperature = std::clamp(round_to(temperature, 0.01), kMinTemperature, kMaxTemperature);

  double humidity = profile.mean_humidity - (temperature - profile.mean_temperature_c) * 1.5 +
                    smooth_noise(device, kHumidityWeather, timestamp_ms, 4 * kHourMs) * 5 +
                    (unit_noise(device, kHumidityJitter, timestamp_ms) - 0.5);
  humidity = std::clamp(round_to(humidity, 0.01), 5.0, 98.0);

  std::optional<double> battery;
  if (profile.battery_drain_per_day) {
    const double days = static_cast<double>(timestamp_ms) / static_cast<double>(kDayMs);
    const double drained = std::fmod(profile.battery_phase + *profile.battery_drain_per_day * days, 95.0);
    battery = round_to(100 - (drained < 0 ? drained + 95 : drained), 0.1);
  }

  domain::Reading reading;
  reading.device_id = profile.device_id;
  reading.timestamp_ms = timestamp_ms;
  reading.temperature = temperature;
  reading.humidity = humidity;
  reading.status = status_at(device, timestamp_ms, battery);
  reading.battery_level = battery;
  reading.location = profile.location;
  return reading;
}

}  // namespace portfolio::sim
