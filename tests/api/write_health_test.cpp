#include "api/write_health.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portfolio::api {
namespace {

TEST(WriteHealth, HealthyUntilAWriteFails) {
  WriteHealth health;
  EXPECT_FALSE(health.snapshot().failing);
  health.observe("POST", 201);
  health.observe("GET", 503);     // reads say nothing about writes
  health.observe("POST", 400);    // nor do rejected inputs
  health.observe("DELETE", 404);  // nor a missing record
  EXPECT_FALSE(health.snapshot().failing);
}

TEST(WriteHealth, DegradedFromTheFirstFailureUntilASuccess) {
  WriteHealth health;
  health.record_failure(1000);
  health.record_failure(2000);
  health.observe("PUT", 500);
  auto state = health.snapshot();
  EXPECT_TRUE(state.failing);
  EXPECT_EQ(state.failing_since_ms, 1000);
  EXPECT_GE(state.last_failure_ms, 2000);
  EXPECT_EQ(state.failures, 3U);
  health.observe("GET", 200);  // a read that succeeds does not prove writes work
  EXPECT_TRUE(health.snapshot().failing);
  health.observe("PATCH", 200);
  state = health.snapshot();
  EXPECT_FALSE(state.failing);
  EXPECT_EQ(state.failures, 0U);
  EXPECT_EQ(state.failing_since_ms, 0);
}

TEST(WriteHealth, ConcurrentFailuresAreAllCounted) {
  WriteHealth health;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&health] {
      for (int i = 0; i < 1000; ++i) health.observe("POST", 503);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(health.snapshot().failures, 4000U);
  EXPECT_TRUE(health.snapshot().failing);
}

}  // namespace
}  // namespace portfolio::api
