#include "sim/sim_options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <ostream>

#include "sim/duration_text.hpp"

namespace portfolio::sim {
namespace {

constexpr std::int64_t kYear2000Ms = 946'684'800'000;
constexpr std::size_t kMaxDevices = 10'000;
constexpr std::size_t kMaxBatchSize = 500;  // the API's limit for POST /api/v1/metrics/batch

// Turns `5m` and friends into milliseconds for CLI11, with a clear message for anything else.
CLI::Validator duration_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return parse_duration(text) ? std::string()
                                    : "'" + text + "' is not a duration such as 5m, 2s or 500ms";
      },
      "DURATION");
}

// Device ids are 1-64 characters of [A-Za-z0-9_.:-]; the prefix leaves room for a five-digit number.
bool valid_device_prefix(std::string_view prefix) {
  return prefix.size() <= 48 && std::all_of(prefix.begin(), prefix.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' ||
                  c == '-';
         });
}

std::chrono::milliseconds to_duration(const std::string& text) {
  return *parse_duration(text);
}

}  // namespace

std::variant<SimOptions, int> parse_options(int argc, const char* const* argv, std::ostream& out,
                                            std::ostream& err) {
  SimOptions options;
  CLI::App app{
      "Simulates IoT devices that report temperature, humidity and battery readings to the portfolio API.\n"
      "live: every device posts a reading every --interval until SIGINT/SIGTERM or --duration.\n"
      "backfill: posts --days of history through the batch endpoint, with progress and a final rate.",
      "portfolio-sim"};
  std::string interval = "5m";
  std::string duration;
  std::string timeout = "10s";
  app.add_option("--api-url", options.api_url, "Base URL of the API")
      ->envname("PORTFOLIO_API_URL")
      ->capture_default_str();
  app.add_option("--api-key", options.api_key,
                 "X-API-Key for write endpoints (prefer the environment variable: flags show in `ps`)")
      ->envname("PORTFOLIO_API_KEY");
  app.add_option("--devices", options.devices, "Number of simulated devices")
      ->check(CLI::Range(std::size_t{1}, kMaxDevices))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed: the same seed gives the same readings")
      ->capture_default_str();
  std::string mode = "live";
  app.add_option("--mode", mode, "live or backfill")
      ->check(CLI::IsMember({"live", "backfill"}))
      ->capture_default_str();
  app.add_option("--interval", interval, "Time between two readings of a device (e.g. 5m, 2s)")
      ->check(duration_validator())
      ->capture_default_str();
  app.add_option("--duration", duration, "live: stop after this long (default: run until stopped)")
      ->check(duration_validator());
  app.add_option("--days", options.days, "backfill: days of history to send")
      ->check(CLI::Range(0.0, 366.0))
      ->capture_default_str();
  app.add_option(
      "--end-time", options.end_time_ms,
      "backfill: epoch milliseconds of the newest reading (default: now; fix it for repeatable runs)");
  app.add_option("--batch-size", options.batch_size, "backfill: readings per batch request (at most 500)")
      ->check(CLI::Range(std::size_t{1}, kMaxBatchSize))
      ->capture_default_str();
  app.add_option("--device-prefix", options.device_prefix, "Device ids are this prefix and a number")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return valid_device_prefix(text) ? "" : "must be at most 48 characters of A-Z a-z 0-9 _ . : -";
          },
          "PREFIX"))
      ->capture_default_str();
  app.add_flag("--with-images", options.with_images,
               "After the run, give every device a generated placeholder photo (PUT .../image)");
  app.add_option("--timeout", timeout, "Deadline of one HTTP request")
      ->check(duration_validator())
      ->capture_default_str();

  try {
    app.parse(argc, argv);
    options.mode = mode == "backfill" ? Mode::backfill : Mode::live;
    options.interval = to_duration(interval);
    options.timeout = to_duration(timeout);
    if (!duration.empty()) {
      options.duration = to_duration(duration);
    }
    if (options.interval < std::chrono::seconds(1)) {
      throw CLI::ValidationError("--interval", "must be at least 1s");
    }
    if (options.mode == Mode::backfill) {
      if (options.days <= 0) {
        throw CLI::ValidationError("--days", "must be more than 0");
      }
      const auto span_ms = static_cast<std::int64_t>(options.days * 86'400'000);
      if (span_ms < options.interval.count()) {
        throw CLI::ValidationError("--days", "covers less than one --interval");
      }
      if (options.end_time_ms && *options.end_time_ms - span_ms < kYear2000Ms) {
        throw CLI::ValidationError("--end-time",
                                   "the backfill would start before 2000-01-01, which the API rejects");
      }
    }
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return options;
}

}  // namespace portfolio::sim
