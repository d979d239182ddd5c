#include "sim/delivery.hpp"

#include <algorithm>
#include <ostream>

#include "sim/stop_signal.hpp"

namespace portfolio::sim {
namespace {

constexpr int kMaxRateLimitedRetries = 10;
constexpr int kMaxFailureRetries = 3;
constexpr long kMaxRetryAfterSeconds = 60;

}  // namespace

ApiResponse Delivery::post_json(std::string_view path, const std::string& body) {
  int rate_limited = 0;
  int failures = 0;
  std::chrono::milliseconds backoff{500};
  while (true) {
    ApiResponse response = client_.post_json(path, body);
    std::chrono::milliseconds pause{0};
    if (response.status == 429 && rate_limited < kMaxRateLimitedRetries) {
      ++rate_limited;
      pause = std::chrono::seconds(
          std::clamp(response.retry_after_seconds.value_or(1), 1L, kMaxRetryAfterSeconds));
    } else if ((!response.reached() || response.status == 503) && failures < kMaxFailureRetries) {
      ++failures;
      pause = backoff;
      backoff *= 2;
    } else {
      return response;
    }
    log_ << "portfolio-sim: " << describe_failure(response, client_.base_url()) << "; retrying in "
         << pause.count() << " ms\n";
    if (!sleep_unless_stopped(pause)) {
      return response;
    }
  }
}

}  // namespace portfolio::sim
