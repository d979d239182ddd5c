#include "sim/reading_json.hpp"

#include "api/reading_text.hpp"

namespace portfolio::sim {

// A reading is sent in the shape the API answers with (api::reading_text, byte for byte the text of
// api::to_json): one definition of the wire format, which the end-to-end tests hold to the API's
// validation. Written straight into the body, without a JSON document: building and freeing one
// was most of the simulator's work in a backfill.
std::string reading_body(const domain::Reading& reading) {
  return api::reading_text(reading);
}

std::string batch_body(std::span<const domain::Reading> readings) {
  return api::batch_text(readings);
}

}  // namespace portfolio::sim
