#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portfolio::http {

struct RateDecision {
  bool allowed = true;
  std::uint32_t limit = 0;
  std::uint32_t remaining = 0;
  std::uint32_t reset_seconds = 0;  // until the window ends; also the Retry-After when refused
};

// Fixed one-minute windows per client key. Memory is bounded: all entries of a past window are
// dropped when a new window starts, and a window holds at most `max_clients` keys (the rest are
// counted under one shared overflow key, so a flood of spoofed addresses limits itself).
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(std::uint32_t per_minute, std::size_t max_clients = 100'000)
      : per_minute_(per_minute), max_clients_(max_clients) {}

  RateDecision check(std::string_view client, Clock::time_point now = Clock::now());

 private:
  std::uint32_t per_minute_;
  std::size_t max_clients_;
  std::mutex mutex_;
  std::int64_t window_ = -1;
  std::unordered_map<std::string, std::uint32_t> counts_;
};

}  // namespace portfolio::http
