#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "domain/error.hpp"
#include "domain/reading.hpp"

namespace portfolio::storage::sqlite {

// Turns many concurrent writers into few transactions, so that durable writes do not cost one
// fsync each. Leader/follower: a caller that finds no commit running becomes the leader, takes
// every write queued so far and commits them in one transaction; callers arriving meanwhile queue
// up for the next one. Every caller blocks until its own write is committed (or has failed), so a
// success return still means durable. No thread of its own, and nothing waits for a timer: a lone
// writer commits at once.
class GroupCommit {
 public:
  using Writes = std::span<const domain::Reading>;
  // Writes every group in one transaction, all or nothing.
  using CommitFn = std::function<domain::Result<void>(std::span<const Writes>)>;

  explicit GroupCommit(CommitFn commit) : commit_(std::move(commit)) {}

  domain::Result<void> submit(Writes readings);

  // Transactions run and writes submitted so far (a write counts once it is queued), for tests and
  // metrics.
  std::uint64_t transactions() const { return transactions_.load(); }
  std::uint64_t submissions() const { return submissions_.load(); }

 private:
  struct Pending {
    Writes readings;
    domain::Result<void> result;
    bool done = false;
    // Notified when the write is done, or when its writer is to lead the next commit: each commit
    // wakes its own writers and one more, not every waiting thread.
    std::condition_variable wake;
  };

  void commit_as_leader(std::vector<Pending*>& group);
  domain::Result<void> run(std::span<const Writes> groups);

  CommitFn commit_;
  std::mutex mutex_;
  std::vector<Pending*> queue_;
  bool leader_active_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<std::uint64_t> submissions_{0};
};

}  // namespace portfolio::storage::sqlite
