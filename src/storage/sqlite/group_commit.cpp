#include "storage/sqlite/group_commit.hpp"

namespace portfolio::storage::sqlite {

domain::Result<void> GroupCommit::submit(Writes readings) {
  Pending pending{readings, {}, false, {}};
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  ++submissions_;
  while (!pending.done) {
    if (leader_active_) {
      pending.wake.wait(lock);
      continue;
    }
    // Lead: take everything queued, including our own write, and commit it outside the lock so
    // that followers can keep queueing for the next transaction meanwhile.
    leader_active_ = true;
    std::vector<Pending*> group;
    group.swap(queue_);
    lock.unlock();
    commit_as_leader(group);
    lock.lock();
    leader_active_ = false;
    // Under the lock, so no member can return (and destroy its Pending) before it is notified.
    for (auto* member : group) {
      member->done = true;
      if (member != &pending) member->wake.notify_one();
    }
    // The writers that queued during this commit: the first of them leads the next one.
    if (!queue_.empty()) queue_.front()->wake.notify_one();
  }
  return std::move(pending.result);
}

void GroupCommit::commit_as_leader(std::vector<Pending*>& group) {
  std::vector<Writes> writes;
  writes.reserve(group.size());
  for (const auto* member : group) {
    writes.push_back(member->readings);
  }
  auto result = run(writes);
  // One caller's bad write must not fail the others: when a shared transaction fails for a reason
  // other than an unreachable store, each write is retried in a transaction of its own.
  if (!result && group.size() > 1 && result.error().code != domain::ErrorCode::storage_unavailable) {
    for (auto* member : group) {
      member->result = run(std::span(&member->readings, 1));
    }
    return;
  }
  for (auto* member : group) {
    member->result = result;
  }
}

domain::Result<void> GroupCommit::run(std::span<const Writes> groups) {
  ++transactions_;
  return commit_(groups);
}

}  // namespace portfolio::storage::sqlite
