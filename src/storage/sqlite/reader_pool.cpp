#include "storage/sqlite/reader_pool.hpp"

namespace portfolio::storage::sqlite {

Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& path, std::size_t size,
                                                     std::chrono::milliseconds busy_timeout) {
  std::unique_ptr<ReaderPool> pool(new ReaderPool());
  for (std::size_t i = 0; i < size; ++i) {
    auto connection = Connection::open(path, busy_timeout);
    if (!connection) {
      return connection.error();
    }
    // A reader that tried to write would be a bug in the store; make SQLite refuse it.
    if (auto read_only = (*connection)->exec("PRAGMA query_only=ON"); !read_only) {
      return read_only.error();
    }
    pool->idle_.push_back(std::move(*connection));
  }
  return pool;
}

ReaderPool::Lease ReaderPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(connection));
}

void ReaderPool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace portfolio::storage::sqlite
