#include "sim/reading_json.hpp"

#include <boost/json.hpp>

#include "api/json_codec.hpp"
#include "json/json_text.hpp"

namespace portfolio::sim {

// A reading is sent in the shape the API answers with (api::to_json): one definition of the wire
// format, which the end-to-end tests hold to the API's validation.
std::string reading_body(const domain::Reading& reading) {
  return portfolio::json::to_text(api::to_json(reading));
}

std::string batch_body(std::span<const domain::Reading> readings) {
  boost::json::array items;
  items.reserve(readings.size());
  for (const auto& reading : readings) {
    items.push_back(api::to_json(reading));
  }
  return portfolio::json::to_text(boost::json::object{{"readings", std::move(items)}});
}

}  // namespace portfolio::sim
