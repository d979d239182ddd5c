#include "domain/reading_rules.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "domain/text_length.hpp"

namespace portfolio::domain {
namespace {

bool is_device_id_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' || c == '-';
}

bool within(double value, double lo, double hi) {
  return std::isfinite(value) && value >= lo && value <= hi;
}

}  // namespace

std::vector<FieldError> ReadingRules::check_device_id(std::string_view device_id) {
  if (device_id.empty() || device_id.size() > kMaxDeviceId ||
      !std::all_of(device_id.begin(), device_id.end(), is_device_id_char)) {
    return {{"device_id", "must be 1-64 characters of A-Z, a-z, 0-9, _ . : or -"}};
  }
  return {};
}

std::vector<FieldError> ReadingRules::check(const Reading& reading, std::int64_t now_ms) {
  auto errors = check_device_id(reading.device_id);
  const bool too_early = reading.timestamp_ms < kEarliestMs;
  if (too_early || reading.timestamp_ms > now_ms + kMaxFutureMs) {
    errors.push_back(
        {"timestamp", too_early
                          ? "must be epoch milliseconds on or after 2000-01-01 (was it sent in seconds?)"
                          : "must not be more than 5 minutes in the future"});
  }
  if (!within(reading.temperature, -50, 100)) {
    errors.push_back({"temperature", "must be between -50 and 100 (degrees Celsius)"});
  }
  if (!within(reading.humidity, 0, 100))
    errors.push_back({"humidity", "must be between 0 and 100 (percent)"});
  if (reading.battery_level && !within(*reading.battery_level, 0, 100)) {
    errors.push_back({"battery_level", "must be between 0 and 100 (percent)"});
  }
  if (reading.location && character_count(*reading.location) > kMaxLocation) {
    errors.push_back({"location", "must be at most 64 characters"});
  }
  return errors;
}

}  // namespace portfolio::domain
