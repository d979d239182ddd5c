#include "storage/sqlite/group_commit.hpp"

#include <future>

#include "threads/background_thread.hpp"

namespace portfolio::storage::sqlite {

GroupCommit::GroupCommit(CommitFn commit) : commit_(std::move(commit)), writer_([this] { run_writer(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  writer_.join();
}

void GroupCommit::submit_async(Writes readings, Done done) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({readings, std::move(done)});
    first = queue_.size() == 1;
    ++submissions_;
  }
  // With writes already queued the writer has been woken before, or is committing and will look
  // at the queue again when it is done.
  if (first) queued_.notify_one();
}

domain::Result<void> GroupCommit::submit(Writes readings) {
  std::promise<domain::Result<void>> committed;
  auto result = committed.get_future();
  submit_async(readings,
               [&committed](domain::Result<void> outcome) { committed.set_value(std::move(outcome)); });
  return result.get();
}

void GroupCommit::run_writer() {
  // Waking the writer does not preempt the I/O thread that queued a write, which goes on to queue
  // the writes of its other connections for the same commit.
  (void)threads::run_as_background_thread();
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every write has been committed
      group.swap(queue_);
    }
    commit_group(group);
    group.clear();
  }
}

void GroupCommit::commit_group(std::vector<Pending>& group) {
  std::vector<Writes> writes;
  writes.reserve(group.size());
  for (const auto& member : group) {
    writes.push_back(member.readings);
  }
  auto result = run(writes);
  // One caller's bad write must not fail the others: when a shared transaction fails for a reason
  // other than an unreachable store, each write is retried in a transaction of its own.
  if (!result && group.size() > 1 && result.error().code != domain::ErrorCode::storage_unavailable) {
    for (auto& member : group) {
      member.done(run(std::span(&member.readings, 1)));
    }
    return;
  }
  for (auto& member : group) {
    member.done(result);
  }
}

domain::Result<void> GroupCommit::run(std::span<const Writes> groups) {
  ++transactions_;
  // On the writer thread an escaping exception (out of memory) would end the process; it fails the
  // transaction's writes instead.
  try {
    return commit_(groups);
  } catch (const std::exception& e) {
    return domain::Error::internal(e.what());
  }
}

}  // namespace portfolio::storage::sqlite
