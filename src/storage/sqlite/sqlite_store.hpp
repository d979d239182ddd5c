#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "storage/store.hpp"

namespace portfolio::storage {

struct SqliteOptions {
  std::string path;  // the database file; its parent directory is created when missing
  // How long a statement waits for a lock held by another process (a backup, an operator's sqlite3
  // shell) before it fails with storage_unavailable. Within the process there is one writer.
  std::chrono::milliseconds busy_timeout{5000};
};

// Opens (creating and migrating as needed) the embedded store. storage_unavailable, naming the path
// and the reason, when the file cannot be opened, created or used.
domain::Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

// What the group commit has done since the store opened, for tests and metrics: when many callers
// write at once, transactions stays well below put_calls. nullopt for a store that is not SQLite.
struct SqliteWriteStats {
  std::uint64_t put_calls = 0;     // put_reading and put_readings calls
  std::uint64_t transactions = 0;  // transactions that wrote readings
};
std::optional<SqliteWriteStats> sqlite_write_stats(const Store& store);

}  // namespace portfolio::storage
