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

// Counts completions and what they carried, from the writer thread.
struct Completions {
  std::atomic<std::size_t> succeeded{0};
  std::atomic<std::size_t> failed{0};
  std::size_t total() const { return succeeded.load() + failed.load(); }
  GroupCommit::Done callback() {
    return [this](const domain::Result<void>& result) { ++(result ? succeeded : failed); };
  }
};

TEST(GroupCommit, AsyncSubmitReturnsBeforeItsCommitAndCompletesAfterIt) {
  std::latch release(1);
  std::atomic<bool> committed{false};
  GroupCommit commit([&](auto) -> domain::Result<void> {
    release.wait();
    committed = true;
    return {};
  });
  Completions done;
  const auto r = reading("dev");
  commit.submit_async(std::span(&r, 1), done.callback());
  // Still here while the transaction is held open: the caller's thread did not wait for it.
  EXPECT_FALSE(committed.load());
  EXPECT_EQ(done.total(), 0U);
  release.count_down();
  ASSERT_TRUE(poll_until([&] { return done.total() == 1; }));
  EXPECT_TRUE(committed.load());
  EXPECT_EQ(done.succeeded.load(), 1U);
}

// The point of the queue: one thread can have any number of writes waiting, and they share one
// transaction, where a blocking submit needs a thread per waiting write.
TEST(GroupCommit, AsyncWritesFromOneThreadShareOneTransaction) {
  constexpr std::size_t kWrites = 200;
  std::latch release(1);
  std::mutex mutex;
  std::vector<std::size_t> sizes;
  GroupCommit commit([&](std::span<const GroupCommit::Writes> groups) -> domain::Result<void> {
    std::size_t count = 0;
    {
      std::lock_guard lock(mutex);
      sizes.push_back(groups.size());
      count = sizes.size();
    }
    if (count == 1) release.wait();
    return {};
  });
  Completions done;
  std::vector<Reading> readings(kWrites, reading("dev"));
  commit.submit_async(std::span(&readings[0], 1), done.callback());
  ASSERT_TRUE(poll_until([&] {
    std::lock_guard lock(mutex);
    return sizes.size() == 1;
  }));
  for (std::size_t i = 1; i < kWrites; ++i) {
    commit.submit_async(std::span(&readings[i], 1), done.callback());
  }
  release.count_down();
  ASSERT_TRUE(poll_until([&] { return done.total() == kWrites; }));
  EXPECT_EQ(done.succeeded.load(), kWrites);
  std::lock_guard lock(mutex);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, kWrites - 1}));
}

TEST(GroupCommit, DestructionCommitsEveryQueuedWriteFirst) {
  constexpr std::size_t kWrites = 50;
  RecordingCommit recorder(50ms);
  Completions done;
  std::vector<Reading> readings(kWrites, reading("dev"));
  {
    GroupCommit commit([&](auto groups) { return recorder(groups); });
    for (auto& r : readings) {
      commit.submit_async(std::span(&r, 1), done.callback());
    }
  }
  EXPECT_EQ(done.succeeded.load(), kWrites);
  EXPECT_EQ(recorder.committed(), kWrites);
}

TEST(GroupCommit, AnExceptionInTheCommitFailsItsWritesInsteadOfTheProcess) {
  GroupCommit commit([](auto) -> domain::Result<void> { throw std::bad_alloc(); });
  const auto r = reading("dev");
  auto result = commit.submit(std::span(&r, 1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::internal_error);
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
