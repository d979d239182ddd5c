#pragma once

#include <chrono>
#include <random>
#include <string_view>

namespace portfolio::aws {

// Bounded retries with exponential backoff and full jitter: the n-th retry waits a uniformly random
// time in [0, min(cap, base * 2^n)], which spreads out clients that failed together.
struct RetryPolicy {
  int max_attempts = 5;  // the first try included
  std::chrono::milliseconds base{25};
  std::chrono::milliseconds cap{1000};

  std::chrono::milliseconds ceiling(int retry) const;
  std::chrono::milliseconds backoff(int retry, std::mt19937_64& random) const;
};

// Error types after which the same request may succeed: throttling and transient server states.
bool is_retryable_error_type(std::string_view type);
bool is_throttling_error_type(std::string_view type);

}  // namespace portfolio::aws
