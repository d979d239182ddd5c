#include "aws/retry_policy.hpp"

#include <algorithm>

namespace portfolio::aws {

std::chrono::milliseconds RetryPolicy::ceiling(int retry) const {
  const int shift = std::clamp(retry, 0, 30);
  const auto exponential = base.count() << shift;
  return std::chrono::milliseconds{std::min<long long>(exponential, cap.count())};
}

std::chrono::milliseconds RetryPolicy::backoff(int retry, std::mt19937_64& random) const {
  std::uniform_int_distribution<long long> pick(0, ceiling(retry).count());
  return std::chrono::milliseconds{pick(random)};
}

bool is_throttling_error_type(std::string_view type) {
  return type == "ProvisionedThroughputExceededException" || type == "ThrottlingException" ||
         type == "RequestLimitExceeded" || type == "Throttling";
}

bool is_retryable_error_type(std::string_view type) {
  return is_throttling_error_type(type) || type == "InternalServerError" || type == "ServiceUnavailable" ||
         type == "TransactionInProgressException";
}

}  // namespace portfolio::aws
