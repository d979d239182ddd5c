#include "http/rate_limiter.hpp"

namespace portfolio::http {

RateDecision RateLimiter::check(std::string_view client, Clock::time_point now) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  const auto since_epoch = duration_cast<seconds>(now.time_since_epoch()).count();
  const auto window = since_epoch / 60;
  const auto reset = static_cast<std::uint32_t>(60 - since_epoch % 60);

  std::lock_guard lock(mutex_);
  if (window != window_) {
    window_ = window;
    counts_.clear();
  }
  auto it = counts_.find(std::string(client));
  if (it == counts_.end()) {
    const bool full = counts_.size() >= max_clients_;
    it = counts_.emplace(full ? std::string("overflow") : std::string(client), 0).first;
  }
  if (it->second >= per_minute_) return {false, per_minute_, 0, reset};
  ++it->second;
  return {true, per_minute_, per_minute_ - it->second, reset};
}

}  // namespace portfolio::http
