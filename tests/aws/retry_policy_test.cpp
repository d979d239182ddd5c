#include "aws/retry_policy.hpp"

#include <gtest/gtest.h>

namespace portfolio::aws {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, CeilingDoublesPerRetryUpToTheCap) {
  const RetryPolicy policy{5, milliseconds{25}, milliseconds{1000}};
  EXPECT_EQ(policy.ceiling(0), milliseconds{25});
  EXPECT_EQ(policy.ceiling(1), milliseconds{50});
  EXPECT_EQ(policy.ceiling(3), milliseconds{200});
  EXPECT_EQ(policy.ceiling(6), milliseconds{1000});
  EXPECT_EQ(policy.ceiling(60), milliseconds{1000});  // no overflow for absurd retry counts
}

TEST(RetryPolicyTest, FullJitterSpreadsOverTheWholeRange) {
  const RetryPolicy policy{5, milliseconds{100}, milliseconds{400}};
  std::mt19937_64 random{42};
  long long low = 1'000'000;
  long long high = -1;
  for (int i = 0; i < 2000; ++i) {
    const long long delay = policy.backoff(2, random).count();
    ASSERT_GE(delay, 0);
    ASSERT_LE(delay, 400);
    low = std::min(low, delay);
    high = std::max(high, delay);
  }
  // Full jitter starts at zero, not at half the ceiling ("equal jitter") or at the ceiling itself.
  EXPECT_LT(low, 40);
  EXPECT_GT(high, 360);
}

TEST(RetryPolicyTest, ThrottlingAndTransientErrorsAreRetryable) {
  for (const char* type :
       {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}) {
    EXPECT_TRUE(is_throttling_error_type(type)) << type;
    EXPECT_TRUE(is_retryable_error_type(type)) << type;
  }
  EXPECT_TRUE(is_retryable_error_type("InternalServerError"));
  EXPECT_FALSE(is_retryable_error_type("ConditionalCheckFailedException"));
  EXPECT_FALSE(is_retryable_error_type("ValidationException"));
  EXPECT_FALSE(is_retryable_error_type("TransactionCanceledException"));
}

}  // namespace
}  // namespace portfolio::aws
