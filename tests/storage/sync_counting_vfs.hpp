#pragma once

#include <cstdint>

namespace portfolio::storage::sqlite_test {

// How many times SQLite asked the operating system to sync a file to disk (fsync), by kind of file.
struct SyncCounts {
  std::uint64_t wal = 0;       // write-ahead logs
  std::uint64_t database = 0;  // main database files
};

// Installs, once per process, a VFS shim as SQLite's default: it forwards everything to the real
// default VFS and counts the syncs. Connections opened afterwards go through it.
void install_sync_counting_vfs();

SyncCounts sync_counts();

}  // namespace portfolio::storage::sqlite_test
