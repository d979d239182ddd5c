#pragma once

#include <iosfwd>

#include "sim/api_client.hpp"
#include "sim/sim_options.hpp"

namespace portfolio::sim {

// Every device posts its current reading to POST /api/v1/metrics once per --interval, until
// SIGINT/SIGTERM or --duration. Returns the process exit code.
int run_live(const SimOptions& options, ApiClient& client, std::ostream& out, std::ostream& err);

}  // namespace portfolio::sim
