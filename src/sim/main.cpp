// portfolio-sim: simulated IoT devices for the portfolio API (live reporting or history backfill).
#include <curl/curl.h>
#include <unistd.h>

#include <iostream>
#include <variant>

#include "sim/api_client.hpp"
#include "sim/backfill_run.hpp"
#include "sim/device_images.hpp"
#include "sim/live_run.hpp"
#include "sim/sim_options.hpp"
#include "sim/stop_signal.hpp"

int main(int argc, char** argv) {
  using namespace portfolio::sim;
  const auto parsed = parse_options(argc, argv, std::cout, std::cerr);
  if (const int* code = std::get_if<int>(&parsed)) {
    return *code;
  }
  const auto& options = std::get<SimOptions>(parsed);

  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::cerr << "portfolio-sim: libcurl failed to initialise\n";
    return kExitApiFailed;
  }
  install_stop_handlers();
  int code = kExitOk;
  {
    ApiClient client({.base_url = options.api_url, .api_key = options.api_key, .timeout = options.timeout});
    code = options.mode == Mode::backfill
               ? run_backfill(options, client, std::cout, std::cerr, isatty(STDERR_FILENO) != 0)
               : run_live(options, client, std::cout, std::cerr);
  }
  if (code == kExitOk && options.with_images && upload_device_images(options, std::cerr) != 0)
    code = kExitApiFailed;
  curl_global_cleanup();
  return code;
}
