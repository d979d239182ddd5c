#include "sim/live_run.hpp"

#include <chrono>
#include <ostream>

#include "sim/api_probe.hpp"
#include "sim/delivery.hpp"
#include "sim/duration_text.hpp"
#include "sim/reading_generator.hpp"
#include "sim/reading_json.hpp"
#include "sim/stop_signal.hpp"

namespace portfolio::sim {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int run_live(const SimOptions& options, ApiClient& client, std::ostream& out, std::ostream& err) {
  if (!api_reachable(client, err)) {
    return kExitUnreachable;
  }
  const ReadingGenerator generator(options.seed, options.devices, options.device_prefix);
  Delivery delivery(client, err);
  out << "live: " << options.devices << " devices reporting every " << format_duration(options.interval)
      << (options.duration ? " for " + format_duration(*options.duration) : std::string(" until stopped"))
      << " to " << client.base_url() << '\n'
      << std::flush;

  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  std::size_t ticks = 0;
  std::size_t stored = 0;
  std::size_t failed = 0;
  int exit_code = kExitOk;

  // Ticks are scheduled from the start, not from the end of the previous tick, so a slow tick does
  // not shift every later one; with --duration the number of ticks is exactly duration / interval.
  for (;; ++ticks) {
    const auto offset = options.interval * static_cast<std::int64_t>(ticks);
    if (options.duration && offset >= *options.duration) {
      break;
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(started + offset - clock::now());
    if (!sleep_unless_stopped(std::max(wait, std::chrono::milliseconds(0))) || stop_requested()) {
      break;
    }
    const std::int64_t timestamp = now_ms();
    std::size_t stored_this_tick = 0;
    for (std::size_t device = 0; device < options.devices && !stop_requested(); ++device) {
      const ApiResponse response =
          delivery.post_json("/api/v1/metrics", reading_body(generator.reading(device, timestamp)));
      if (response.ok()) {
        ++stored_this_tick;
        continue;
      }
      err << "portfolio-sim: reading of " << generator.devices()[device].device_id
          << " not stored: " << describe_failure(response, client.base_url()) << '\n';
      if (response.reached() && response.status < 500) {
        // A 4xx will not change by itself (a wrong API key, an invalid reading): stop and say so.
        failed += options.devices - device;
        exit_code = kExitApiFailed;
        break;
      }
      // The API is down or failing: the rest of this tick would fail the same way, so wait for the next.
      failed += options.devices - device;
      break;
    }
    stored += stored_this_tick;
    out << "live: tick " << ticks + 1 << ": " << stored_this_tick << " of " << options.devices
        << " readings stored\n"
        << std::flush;
    if (exit_code != kExitOk) {
      break;
    }
  }

  const double seconds = std::chrono::duration<double>(clock::now() - started).count();
  out << "live: " << stored << " readings stored from " << options.devices << " devices in " << ticks
      << " ticks over " << static_cast<long>(seconds) << " s; " << failed << " not stored\n";
  if (exit_code == kExitOk && failed > 0) {
    exit_code = kExitApiFailed;
  }
  return exit_code;
}

}  // namespace portfolio::sim
