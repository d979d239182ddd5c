#pragma once

#include <cstdint>

namespace portfolio::app {

// `portfolio-api healthcheck`: GET /health on 127.0.0.1:port within two seconds; 0 when it answers 200.
// The container HEALTHCHECK runs this, so the image needs no curl.
int run_healthcheck(std::uint16_t port);

}  // namespace portfolio::app
