#include "sim/reading_json.hpp"

#include <boost/json.hpp>

#include "json/json_text.hpp"

namespace portfolio::sim {
namespace {

boost::json::object to_json(const domain::Reading& reading) {
  boost::json::object object{
      {"device_id", reading.device_id},
      {"timestamp", reading.timestamp_ms},
      {"temperature", reading.temperature},
      {"humidity", reading.humidity},
      {"status", domain::to_string(reading.status)},
  };
  if (reading.battery_level) {
    object["battery_level"] = *reading.battery_level;
  }
  if (reading.location) {
    object["location"] = *reading.location;
  }
  return object;
}

}  // namespace

std::string reading_body(const domain::Reading& reading) {
  return portfolio::json::to_text(to_json(reading));
}

std::string batch_body(std::span<const domain::Reading> readings) {
  boost::json::array items;
  items.reserve(readings.size());
  for (const auto& reading : readings) {
    items.push_back(to_json(reading));
  }
  return portfolio::json::to_text(boost::json::object{{"readings", std::move(items)}});
}

}  // namespace portfolio::sim
