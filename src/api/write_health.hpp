#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string_view>

namespace portfolio::api {

// Whether writes to the store are failing, for /health/db: a ping can succeed while every write fails
// (a full disk, a read-only file, an IAM policy that allows reads only). Degraded from the first failed
// write until a write succeeds again. Thread-safe; a success while healthy costs one atomic load.
class WriteHealth {
 public:
  struct Snapshot {
    bool failing = false;
    std::int64_t failing_since_ms = 0;  // the first failure after the last success
    std::int64_t last_failure_ms = 0;
    std::uint64_t failures = 0;  // since the last success
  };

  // The outcome of a request that writes (POST, PUT, PATCH, DELETE): a 2xx is a write that succeeded,
  // a 5xx one that failed. Other statuses (validation, not found, conflicts) say nothing about the
  // store, and neither do reads.
  void observe(std::string_view method, unsigned status);

  void record_success();
  void record_failure(std::int64_t at_ms);
  Snapshot snapshot() const;

 private:
  std::atomic<bool> failing_{false};
  mutable std::mutex mutex_;
  Snapshot state_;
};

}  // namespace portfolio::api
