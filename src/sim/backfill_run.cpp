#include "sim/backfill_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/api_probe.hpp"
#include "sim/backfill_plan.hpp"
#include "sim/delivery.hpp"
#include "sim/duration_text.hpp"
#include "sim/progress_reporter.hpp"
#include "sim/reading_json.hpp"
#include "sim/stop_signal.hpp"

namespace portfolio::sim {
namespace {

constexpr std::size_t kMaxRejectionsShown = 5;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string fixed(double value, int decimals) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  return buffer.data();
}

}  // namespace

int run_backfill(const SimOptions& options, ApiClient& client, std::ostream& out, std::ostream& err,
                 bool terminal) {
  if (!api_reachable(client, err)) {
    return kExitUnreachable;
  }
  const ReadingGenerator generator(options.seed, options.devices, options.device_prefix);
  const auto span = std::chrono::milliseconds(static_cast<std::int64_t>(options.days * 86'400'000));
  const BackfillPlan plan(options.end_time_ms.value_or(now_ms()), span, options.interval, options.devices);
  const std::size_t batches = plan.batch_count(options.batch_size);

  ProgressReporter progress(err, plan.total_readings(), terminal);
  const auto started = std::chrono::steady_clock::now();
  // Several batch requests in flight (--connections, one client and thread each): the service
  // parses, validates and stores one batch while the next ones are on the wire.
  std::mutex mutex;  // guards everything below and the writes to `err`
  std::atomic<std::size_t> next{0};
  std::size_t sent = 0;
  std::size_t accepted = 0;
  std::size_t shown = 0;
  int exit_code = kExitOk;

  const auto worker = [&](ApiClient& api) {
    std::ostringstream log;  // this worker's retry notes, passed on to `err` under the lock
    Delivery delivery(api, log);
    while (true) {
      const std::size_t b = next.fetch_add(1);
      if (b >= batches) return;
      {
        std::lock_guard lock(mutex);
        if (exit_code != kExitOk) return;
        if (stop_requested()) {
          exit_code = kExitInterrupted;
          return;
        }
      }
      const auto readings = plan.batch(generator, b, options.batch_size);
      const ApiResponse response = delivery.post_json("/api/v1/metrics/batch", batch_body(readings));
      const auto outcome = response.ok() ? parse_batch_outcome(response.body) : std::nullopt;
      std::lock_guard lock(mutex);
      err << log.str();
      log.str("");
      if (exit_code != kExitOk) return;
      if (!response.ok()) {
        progress.finish();
        err << "portfolio-sim: batch " << b + 1 << " of " << batches
            << " failed: " << describe_failure(response, api.base_url()) << '\n';
        exit_code = response.reached() ? kExitApiFailed : kExitUnreachable;
        return;
      }
      if (!outcome) {
        progress.finish();
        err << "portfolio-sim: batch " << b + 1 << " of " << batches
            << " got an answer that is not the documented batch result: " << response.body.substr(0, 200)
            << '\n';
        exit_code = kExitApiFailed;
        return;
      }
      // The first few rejections are shown in full; the rest only count, so a systematic problem
      // does not flood the terminal.
      for (const auto& rejection : outcome->rejections) {
        if (shown++ >= kMaxRejectionsShown) {
          break;
        }
        const auto& reading = readings.at(std::min(rejection.index, readings.size() - 1));
        err << (terminal ? "\n" : "") << "portfolio-sim: reading of " << reading.device_id << " at "
            << reading.timestamp_ms << " rejected: " << rejection.error_code << ": " << rejection.message
            << '\n';
      }
      sent += readings.size();
      accepted += outcome->accepted;
      progress.update(sent);
    }
  };

  const std::size_t connections = std::max<std::size_t>(1, std::min(options.connections, batches));
  std::vector<std::unique_ptr<ApiClient>> clients;
  for (std::size_t i = 1; i < connections; ++i) {
    clients.push_back(std::make_unique<ApiClient>(ApiClient::Options{
        .base_url = client.base_url(), .api_key = options.api_key, .timeout = options.timeout}));
  }
  {
    std::vector<std::jthread> threads;
    threads.reserve(clients.size());
    for (auto& extra : clients) {
      ApiClient* api = extra.get();
      threads.emplace_back([&worker, api] { worker(*api); });
    }
    worker(client);
  }
  const std::size_t rejected = sent - accepted;
  if (exit_code == kExitOk) {
    progress.finish();
  }
  if (exit_code == kExitInterrupted) {
    err << "portfolio-sim: stopped before the backfill finished\n";
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "backfill: " << sent << " of " << plan.total_readings() << " readings sent for " << options.devices
      << " devices (" << fixed(options.days, options.days == static_cast<int>(options.days) ? 0 : 2)
      << (options.days == 1 ? " day" : " days") << " every " << format_duration(options.interval) << ", "
      << plan.first_timestamp_ms() << ".." << plan.last_timestamp_ms() << ") in " << fixed(seconds, 2)
      << " s, " << fixed(seconds > 0 ? static_cast<double>(sent) / seconds : 0, 0) << " readings/s; "
      << accepted << " accepted, " << rejected << " rejected\n";
  if (exit_code == kExitOk && rejected > 0) {
    err << "portfolio-sim: the API rejected " << rejected << " readings\n";
    exit_code = kExitApiFailed;
  }
  return exit_code;
}

}  // namespace portfolio::sim
