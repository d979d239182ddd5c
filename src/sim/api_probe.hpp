#pragma once

#include <iosfwd>

#include "sim/api_client.hpp"

namespace portfolio::sim {

// Asks GET /health before any reading is sent, so that a wrong URL or a server that is down is
// reported once and plainly instead of as the first failed batch. False when nothing answered.
bool api_reachable(ApiClient& client, std::ostream& err);

}  // namespace portfolio::sim
