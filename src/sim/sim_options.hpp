#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>

namespace portfolio::sim {

// The simulator's exit codes, so that scripts can tell a refused reading from a server that is down.
enum ExitCode : int {
  kExitOk = 0,
  kExitApiFailed = 1,      // the API answered with an error, or rejected readings
  kExitUsage = 2,          // bad flags
  kExitUnreachable = 3,    // no HTTP answer from the API at all
  kExitInterrupted = 130,  // a backfill stopped by SIGINT/SIGTERM before it finished
};

enum class Mode { live, backfill };

struct SimOptions {
  std::string api_url = "http://localhost:8000";
  std::string api_key;
  std::size_t devices = 10;
  std::uint64_t seed = 42;
  Mode mode = Mode::live;
  std::chrono::milliseconds interval = std::chrono::minutes(5);
  double days = 7;
  std::size_t batch_size = 500;
  std::size_t connections = 16;                       // backfill: batch requests in flight at once
  std::optional<std::chrono::milliseconds> duration;  // live: stop after this long
  std::optional<std::int64_t> end_time_ms;            // backfill: last instant (default: now)
  std::string device_prefix = "sensor-";
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
  bool with_images = false;  // upload a generated placeholder photo per device after the run
};

// Reads the command line. Returns the options, or the exit code to leave with when it printed help
// (0) or an error (kExitUsage) to `out`/`err`.
std::variant<SimOptions, int> parse_options(int argc, const char* const* argv, std::ostream& out,
                                            std::ostream& err);

}  // namespace portfolio::sim
