#pragma once

#include <iosfwd>

#include "sim/api_client.hpp"
#include "sim/sim_options.hpp"

namespace portfolio::sim {

// Sends --days of history for every device through POST /api/v1/metrics/batch, showing progress on
// `err` and the final figures (readings, time, rate) on `out`. Returns the process exit code.
int run_backfill(const SimOptions& options, ApiClient& client, std::ostream& out, std::ostream& err,
                 bool terminal);

}  // namespace portfolio::sim
