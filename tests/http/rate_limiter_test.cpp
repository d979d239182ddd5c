#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace portfolio::http {
namespace {

using Clock = RateLimiter::Clock;

Clock::time_point at(int seconds) {
  return Clock::time_point(std::chrono::seconds(6000 + seconds));
}

TEST(RateLimiter, AllowsTheLimitPerMinuteThenRefuses) {
  RateLimiter limiter(3);
  EXPECT_EQ(limiter.check("a", at(0)).remaining, 2U);
  EXPECT_EQ(limiter.check("a", at(1)).remaining, 1U);
  EXPECT_EQ(limiter.check("a", at(2)).remaining, 0U);
  const auto refused = limiter.check("a", at(3));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 3U);
  EXPECT_EQ(refused.reset_seconds, 57U);
}

TEST(RateLimiter, ClientsAreCountedApart) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.check("a", at(0)).allowed);
  EXPECT_TRUE(limiter.check("b", at(0)).allowed);
  EXPECT_FALSE(limiter.check("a", at(0)).allowed);
}

TEST(RateLimiter, ANewWindowStartsAfresh) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.check("a", at(59)).allowed);
  EXPECT_FALSE(limiter.check("a", at(59)).allowed);
  EXPECT_TRUE(limiter.check("a", at(60)).allowed);
}

TEST(RateLimiter, ClientsBeyondTheCapShareOneBudget) {
  RateLimiter limiter(1, 2);
  EXPECT_TRUE(limiter.check("a", at(0)).allowed);
  EXPECT_TRUE(limiter.check("b", at(0)).allowed);
  EXPECT_TRUE(limiter.check("c", at(0)).allowed);   // first into the overflow key
  EXPECT_FALSE(limiter.check("d", at(0)).allowed);  // shares it
}

}  // namespace
}  // namespace portfolio::http
