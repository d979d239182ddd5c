#include "threads/background_thread.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <thread>

namespace portfolio::threads {
namespace {

int policy_of(pthread_t thread) {
  int policy = -1;
  sched_param priority{};
  EXPECT_EQ(pthread_getschedparam(thread, &policy, &priority), 0);
  return policy;
}

TEST(BackgroundThread, OnlyTheCallingThreadBecomesABackgroundThread) {
  const auto before = policy_of(pthread_self());
  int inside = -1;
  bool accepted = false;
  std::thread worker([&] {
    accepted = run_as_background_thread();
    inside = policy_of(pthread_self());
  });
  worker.join();
  ASSERT_TRUE(accepted);  // an unprivileged thread may always lower its own policy to SCHED_BATCH
  EXPECT_EQ(inside, SCHED_BATCH);
  EXPECT_EQ(policy_of(pthread_self()), before);
}

}  // namespace
}  // namespace portfolio::threads
