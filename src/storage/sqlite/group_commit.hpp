#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "domain/error.hpp"
#include "domain/reading.hpp"

namespace portfolio::storage::sqlite {

// Turns many concurrent writers into few transactions, so that durable writes do not cost one
// fsync each. One writer thread of its own (SQLite has one writer anyway) takes every write queued
// so far and commits them in one transaction; writes arriving meanwhile queue up for the next one.
// A waiting write holds no thread: submit_async() returns at once and its completion runs on the
// writer thread once the transaction has committed (or failed), so a success still means durable.
// Nothing waits for a timer: a lone write commits at once.
class GroupCommit {
 public:
  using Writes = std::span<const domain::Reading>;
  // Writes every group in one transaction, all or nothing.
  using CommitFn = std::function<domain::Result<void>(std::span<const Writes>)>;
  // Called exactly once per write, on the writer thread, with no lock held.
  using Done = std::function<void(domain::Result<void>)>;

  explicit GroupCommit(CommitFn commit);
  // Commits whatever is still queued, then stops the writer thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Queues the write and returns without waiting; `readings` must stay alive until `done` runs.
  void submit_async(Writes readings, Done done);
  // Queues the write and blocks the calling thread until it is committed or has failed.
  domain::Result<void> submit(Writes readings);

  // Transactions run and writes submitted so far (a write counts once it is queued), for tests and
  // metrics.
  std::uint64_t transactions() const { return transactions_.load(); }
  std::uint64_t submissions() const { return submissions_.load(); }

 private:
  struct Pending {
    Writes readings;
    Done done;
  };

  void run_writer();
  void commit_group(std::vector<Pending>& group);
  domain::Result<void> run(std::span<const Writes> groups);

  CommitFn commit_;
  std::mutex mutex_;
  std::condition_variable queued_;  // the writer waits on it while nothing is queued
  std::vector<Pending> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<std::uint64_t> submissions_{0};
  std::thread writer_;  // last, so that it starts after every member it uses
};

}  // namespace portfolio::storage::sqlite
