#include "sync_counting_vfs.hpp"

#include <sqlite3.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace portfolio::storage::sqlite_test {
namespace {

std::atomic<std::uint64_t> wal_syncs{0};
std::atomic<std::uint64_t> database_syncs{0};

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs counting_vfs;

// A file opened through the shim is the real VFS's file with its method table swapped for a copy
// whose xSync counts before forwarding. The unix VFS has a few method tables (by locking style);
// each one met gets a slot with its own copies.
struct Slot {
  const sqlite3_io_methods* real = nullptr;
  sqlite3_io_methods wal{};
  sqlite3_io_methods database{};
};
constexpr std::size_t kSlots = 4;
std::array<Slot, kSlots> slots;
std::mutex slots_mutex;

template <std::size_t N>
int count_wal_sync(sqlite3_file* file, int flags) {
  wal_syncs.fetch_add(1);
  return slots[N].real->xSync(file, flags);
}

template <std::size_t N>
int count_database_sync(sqlite3_file* file, int flags) {
  database_syncs.fetch_add(1);
  return slots[N].real->xSync(file, flags);
}

template <std::size_t... N>
Slot& slot_for(const sqlite3_io_methods* real, std::index_sequence<N...> /*slots*/) {
  using Sync = int (*)(sqlite3_file*, int);
  static constexpr std::array<Sync, kSlots> wal_syncs_of{count_wal_sync<N>...};
  static constexpr std::array<Sync, kSlots> database_syncs_of{count_database_sync<N>...};
  for (std::size_t i = 0; i < kSlots; ++i) {
    Slot& slot = slots[i];
    if (slot.real == real) return slot;
    if (slot.real == nullptr) {
      slot.real = real;
      slot.wal = *real;
      slot.wal.xSync = wal_syncs_of[i];
      slot.database = *real;
      slot.database.xSync = database_syncs_of[i];
      return slot;
    }
  }
  std::abort();  // more method tables than slots: raise kSlots
}

int open_counted(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  const int rc = real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
  if (rc != SQLITE_OK || file->pMethods == nullptr) return rc;
  std::lock_guard lock(slots_mutex);
  Slot& slot = slot_for(file->pMethods, std::make_index_sequence<kSlots>{});
  if ((flags & SQLITE_OPEN_WAL) != 0) file->pMethods = &slot.wal;
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0) file->pMethods = &slot.database;
  return rc;
}

}  // namespace

void install_sync_counting_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr) std::abort();
    counting_vfs = *real_vfs;
    counting_vfs.zName = "portfolio-sync-counting";
    counting_vfs.pNext = nullptr;
    counting_vfs.xOpen = open_counted;
    if (sqlite3_vfs_register(&counting_vfs, 1) != SQLITE_OK) std::abort();
  });
}

SyncCounts sync_counts() {
  return {wal_syncs.load(), database_syncs.load()};
}

}  // namespace portfolio::storage::sqlite_test
