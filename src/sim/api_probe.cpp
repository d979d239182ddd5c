#include "sim/api_probe.hpp"

#include <ostream>

namespace portfolio::sim {

bool api_reachable(ApiClient& client, std::ostream& err) {
  const ApiResponse response = client.get("/health");
  if (!response.reached()) {
    err << "portfolio-sim: " << describe_failure(response, client.base_url()) << '\n';
    return false;
  }
  if (!response.ok()) {
    // Not fatal: the reading endpoints may still work, and their errors will say more.
    err << "portfolio-sim: warning: GET /health answered " << describe_failure(response, client.base_url())
        << '\n';
  }
  return true;
}

}  // namespace portfolio::sim
