#include "storage/sqlite/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace portfolio::storage::sqlite {
namespace {

using namespace std::chrono_literals;
using domain::Reading;

Reading reading(const std::string& device) {
  Reading r;
  r.device_id = device;
  return r;
}

// Records what each transaction carried; fails a transaction that carries a reading of "bad".
class RecordingCommit {
 public:
  explicit RecordingCommit(std::chrono::milliseconds first_delay = 0ms) : first_delay_(first_delay) {}

  domain::Result<void> operator()(std::span<const GroupCommit::Writes> groups) {
    // The first transaction lingers so that the other callers queue up behind it.
    if (calls_.fetch_add(1) == 0) {
      std::this_thread::sleep_for(first_delay_);
    }
    bool bad = false;
    std::size_t readings = 0;
    for (const auto& group : groups) {
      for (const auto& r : group) {
        bad = bad || r.device_id == "bad";
        ++readings;
      }
    }
    std::lock_guard lock(mutex_);
    sizes_.push_back(groups.size());
    if (bad) {
      return domain::Error::internal("rejected");
    }
    committed_ += readings;
    return {};
  }

  std::vector<std::size_t> sizes() {
    std::lock_guard lock(mutex_);
    return sizes_;
  }
  std::size_t committed() {
    std::lock_guard lock(mutex_);
    return committed_;
  }

 private:
  std::chrono::milliseconds first_delay_;
  std::atomic<int> calls_{0};
  std::mutex mutex_;
  std::vector<std::size_t> sizes_;
  std::size_t committed_ = 0;
};

// Starts `count` submitters at once; returns whether each one's write succeeded.
std::vector<bool> submit_concurrently(GroupCommit& commit, const std::vector<std::string>& devices) {
  // One byte per writer: neighbouring std::vector<bool> elements share a word, so writing them
  // from different threads is a data race (ThreadSanitizer reports it).
  std::vector<char> succeeded(devices.size(), 0);
  std::vector<Reading> readings;
  readings.reserve(devices.size());
  for (const auto& device : devices) {
    readings.push_back(reading(device));
  }
  std::latch start(static_cast<std::ptrdiff_t>(devices.size()));
  std::vector<std::thread> threads;
  threads.reserve(devices.size());
  for (std::size_t i = 0; i < devices.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      succeeded[i] = static_cast<char>(static_cast<bool>(commit.submit(std::span(&readings[i], 1))));
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  return {succeeded.begin(), succeeded.end()};
}

TEST(GroupCommit, LoneWriterCommitsAtOnce) {
  RecordingCommit recorder;
  GroupCommit commit([&](auto groups) { return recorder(groups); });
  const auto r = reading("dev");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(commit.submit(std::span(&r, 1)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);  // no timer to wait for
  EXPECT_EQ(recorder.sizes(), std::vector<std::size_t>{1});
  EXPECT_EQ(commit.transactions(), 1U);
  EXPECT_EQ(commit.submissions(), 1U);
}

// Polls `done` until it holds or `limit` passes; returns whether it held.
template <class Predicate>
bool poll_until(Predicate done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(GroupCommit, WritersQueuedBehindACommitShareTheNextOne) {
  constexpr std::size_t kFollowers = 11;
  std::latch leader_committing(1);
  std::mutex mutex;
  std::vector<std::size_t> sizes;
  std::atomic<bool> all_queued{false};
  GroupCommit* self = nullptr;
  GroupCommit commit([&](std::span<const GroupCommit::Writes> groups) -> domain::Result<void> {
    bool first = false;
    {
      std::lock_guard lock(mutex);
      sizes.push_back(groups.size());
      first = sizes.size() == 1;
    }
    // The first transaction is held open until every follower has queued behind it.
    if (first) {
      leader_committing.count_down();
      all_queued = poll_until([&] { return self->submissions() == 1 + kFollowers; });
    }
    return {};
  });
  self = &commit;
  const auto first = reading("dev");
  bool leader_ok = false;
  std::thread leader([&] { leader_ok = static_cast<bool>(commit.submit(std::span(&first, 1))); });
  leader_committing.wait();
  const auto results = submit_concurrently(commit, std::vector<std::string>(kFollowers, "dev"));
  leader.join();
  ASSERT_TRUE(all_queued) << "the followers never queued";
  EXPECT_TRUE(leader_ok);
  for (const bool ok : results) {
    EXPECT_TRUE(ok);
  }
  // The leader's transaction carried its own write; all eleven queued meanwhile share the next one.
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, kFollowers}));
  EXPECT_EQ(commit.transactions(), 2U);
  EXPECT_EQ(commit.submissions(), 1 + kFollowers);
}

TEST(GroupCommit, OneRejectedWriteDoesNotFailTheOthersInItsGroup) {
  RecordingCommit recorder(100ms);
  GroupCommit commit([&](auto groups) { return recorder(groups); });
  std::vector<std::string> devices(10, "good");
  devices[3] = "bad";
  devices[7] = "bad";
  const auto results = submit_concurrently(commit, devices);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    EXPECT_EQ(results[i], devices[i] == "good") << "writer " << i;
  }
  EXPECT_EQ(recorder.committed(), 8U);
}

TEST(GroupCommit, UnreachableStoreFailsTheGroupWithoutRetryingEachWrite) {
  std::atomic<int> calls{0};
  GroupCommit commit([&](auto) -> domain::Result<void> {
    if (calls.fetch_add(1) == 0) {
      std::this_thread::sleep_for(100ms);
    }
    return domain::Error::unavailable("disk gone");
  });
  const auto results = submit_concurrently(commit, std::vector<std::string>(10, "dev"));
  for (const bool ok : results) {
    EXPECT_FALSE(ok);
  }
  EXPECT_LE(calls.load(), 3);
}

}  // namespace
}  // namespace portfolio::storage::sqlite
