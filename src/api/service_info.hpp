#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "api/write_health.hpp"

namespace portfolio::api {

// Facts about this process that health endpoints report.
struct ServiceInfo {
  std::string service = "portfolio-api";
  std::string version;
  std::string commit;
  std::string compiler;
  std::string build_type;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  double uptime_seconds() const;  // to the millisecond
};

// Request totals kept by the HTTP layer and read by /health/db and /health/detailed.
struct RequestCounters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors_4xx{0};
  std::atomic<std::uint64_t> errors_5xx{0};
  WriteHealth writes;  // /health/db reports "degraded" while writes fail

  void count(unsigned status) {
    requests.fetch_add(1, std::memory_order_relaxed);
    if (status >= 500) {
      errors_5xx.fetch_add(1, std::memory_order_relaxed);
    } else if (status >= 400) {
      errors_4xx.fetch_add(1, std::memory_order_relaxed);
    }
  }
};

// Resident set size of this process in bytes, from /proc/self/statm (0 when unavailable).
std::uint64_t resident_memory_bytes();

}  // namespace portfolio::api
