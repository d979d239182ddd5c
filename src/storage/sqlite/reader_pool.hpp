#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// A few read connections shared by the storage threads. In WAL mode each sees the last committed
// state when its read begins and never waits for the writer.
class ReaderPool {
 public:
  // Lends one connection; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    ~Lease() { pool_->give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  static Result<std::unique_ptr<ReaderPool>> open(const std::string& path, std::size_t size,
                                                  std::chrono::milliseconds busy_timeout);

  // Waits for a free connection when all are lent out.
  Lease acquire();

 private:
  ReaderPool() = default;
  void give_back(std::unique_ptr<Connection> connection);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace portfolio::storage::sqlite
