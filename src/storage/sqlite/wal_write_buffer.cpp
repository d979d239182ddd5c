#include "storage/sqlite/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <utility>

namespace portfolio::storage::sqlite {
namespace {

constexpr char kName[] = "portfolio-wal-buffer";
// The unix VFS cannot write 128 KiB or more in one call: it masks the size to 17 bits (SQLite itself
// never writes more than a frame at once), and a write of 486,160 bytes failed as "disk full". So
// the writes are handed over in pieces of at most 127 KiB: two for a group commit of ~30 readings
// (~50 frames of 4,120 bytes).
constexpr std::size_t kCapacity = std::size_t{127} * 1024;

sqlite3_vfs buffer_vfs;
sqlite3_vfs* registered_over = nullptr;  // the default VFS when this one was registered

// The writes waiting to be handed over: `used` bytes that belong at `offset` of the file.
struct Pending {
  std::unique_ptr<char[]> bytes;  // kCapacity bytes; untouched pages cost no memory
  std::size_t used = 0;
  sqlite3_int64 offset = 0;
};

// A WAL file as SQLite sees it. SQLite allocates szOsFile bytes for it; the default VFS's own file
// lives in the same allocation, kInnerOffset bytes in.
struct WalFile {
  sqlite3_file base;  // first, so that SQLite's sqlite3_file* is this object's address
  sqlite3_file* inner;
  Pending* pending;  // created on the first write: readers' connections never write their WAL file
};
constexpr std::size_t kAlignment = alignof(std::max_align_t);
constexpr std::size_t kInnerOffset = (sizeof(WalFile) + kAlignment - 1) / kAlignment * kAlignment;

WalFile& wal(sqlite3_file* file) {
  return *reinterpret_cast<WalFile*>(file);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

const sqlite3_io_methods& inner_methods(WalFile& file) {
  return *file.inner->pMethods;
}

int hand_over(WalFile& file) {
  if (file.pending == nullptr || file.pending->used == 0) return SQLITE_OK;
  Pending& pending = *file.pending;
  const int rc = inner_methods(file).xWrite(file.inner, pending.bytes.get(), static_cast<int>(pending.used),
                                            pending.offset);
  // A failed write fails SQLite's call (a write, sync or read of the transaction); SQLite rolls the
  // transaction back and writes its frames anew, as after a failed write of its own.
  pending.used = 0;
  return rc;
}

// nullptr when out of memory: SQLite's callbacks must not throw.
Pending* new_pending() {
  std::unique_ptr<char[]> bytes(new (std::nothrow) char[kCapacity]);
  if (bytes == nullptr) return nullptr;
  return new (std::nothrow) Pending{.bytes = std::move(bytes)};
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile& self = wal(file);
  const auto size = static_cast<std::size_t>(amount);
  if (self.pending == nullptr) self.pending = new_pending();
  // Without memory for a buffer, the write goes straight through.
  if (self.pending == nullptr) return inner_methods(self).xWrite(self.inner, data, amount, offset);
  Pending& pending = *self.pending;
  const bool follows = offset == pending.offset + static_cast<sqlite3_int64>(pending.used);
  if (pending.used != 0 && (!follows || pending.used + size > kCapacity)) {
    if (const int rc = hand_over(self); rc != SQLITE_OK) return rc;
  }
  if (size > kCapacity) return inner_methods(self).xWrite(self.inner, data, amount, offset);
  if (pending.used == 0) pending.offset = offset;
  std::memcpy(pending.bytes.get() + pending.used, data, size);
  pending.used += size;
  return SQLITE_OK;
}

int wal_close(sqlite3_file* file) {
  WalFile& self = wal(file);
  const int written = hand_over(self);
  const int closed = inner_methods(self).xClose(self.inner);
  delete self.pending;
  self.pending = nullptr;
  return written != SQLITE_OK ? written : closed;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  WalFile& self = wal(file);
  if (const int rc = hand_over(self); rc != SQLITE_OK) return rc;
  return inner_methods(self).xRead(self.inner, out, amount, offset);
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile& self = wal(file);
  if (const int rc = hand_over(self); rc != SQLITE_OK) return rc;
  return inner_methods(self).xTruncate(self.inner, size);
}

int wal_sync(sqlite3_file* file, int flags) {
  WalFile& self = wal(file);
  if (const int rc = hand_over(self); rc != SQLITE_OK) return rc;
  return inner_methods(self).xSync(self.inner, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  WalFile& self = wal(file);
  if (const int rc = hand_over(self); rc != SQLITE_OK) return rc;
  return inner_methods(self).xFileSize(self.inner, size);
}

int wal_lock(sqlite3_file* file, int level) {
  return inner_methods(wal(file)).xLock(wal(file).inner, level);
}

int wal_unlock(sqlite3_file* file, int level) {
  return inner_methods(wal(file)).xUnlock(wal(file).inner, level);
}

int wal_check_reserved_lock(sqlite3_file* file, int* out) {
  return inner_methods(wal(file)).xCheckReservedLock(wal(file).inner, out);
}

int wal_file_control(sqlite3_file* file, int op, void* arg) {
  return inner_methods(wal(file)).xFileControl(wal(file).inner, op, arg);
}

int wal_sector_size(sqlite3_file* file) {
  return inner_methods(wal(file)).xSectorSize(wal(file).inner);
}

int wal_device_characteristics(sqlite3_file* file) {
  return inner_methods(wal(file)).xDeviceCharacteristics(wal(file).inner);
}

// Version 1: SQLite maps shared memory and pages of the database file only, never of a WAL file.
const sqlite3_io_methods wal_methods = {
    .iVersion = 1,
    .xClose = wal_close,
    .xRead = wal_read,
    .xWrite = wal_write,
    .xTruncate = wal_truncate,
    .xSync = wal_sync,
    .xFileSize = wal_file_size,
    .xLock = wal_lock,
    .xUnlock = wal_unlock,
    .xCheckReservedLock = wal_check_reserved_lock,
    .xFileControl = wal_file_control,
    .xSectorSize = wal_sector_size,
    .xDeviceCharacteristics = wal_device_characteristics,
    .xShmMap = nullptr,
    .xShmLock = nullptr,
    .xShmBarrier = nullptr,
    .xShmUnmap = nullptr,
    .xFetch = nullptr,
    .xUnfetch = nullptr,
};

// The default VFS of the moment, so that a shim installed later as the default (a test's sync
// counter) still sees every file.
sqlite3_vfs* current_default() {
  sqlite3_vfs* found = sqlite3_vfs_find(nullptr);
  return found == nullptr || found == &buffer_vfs ? registered_over : found;
}

int open_file(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  sqlite3_vfs* inner = current_default();
  const bool is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  const std::size_t room = static_cast<std::size_t>(buffer_vfs.szOsFile) - (is_wal ? kInnerOffset : 0);
  if (static_cast<std::size_t>(inner->szOsFile) > room) {
    file->pMethods = nullptr;
    return SQLITE_CANTOPEN;
  }
  if (!is_wal) return inner->xOpen(inner, name, file, flags, out_flags);
  WalFile& self = wal(file);
  self.base.pMethods = nullptr;
  self.inner = reinterpret_cast<sqlite3_file*>(       // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
      reinterpret_cast<char*>(file) + kInnerOffset);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  self.pending = nullptr;
  const int rc = inner->xOpen(inner, name, self.inner, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (self.inner->pMethods != nullptr) self.inner->pMethods->xClose(self.inner);
    return rc;
  }
  self.base.pMethods = &wal_methods;
  return SQLITE_OK;
}

}  // namespace

const char* wal_write_buffer_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    registered_over = sqlite3_vfs_find(nullptr);
    if (registered_over == nullptr) std::abort();  // SQLite always has a default VFS
    // Everything but xOpen is the default VFS's own (names, locks, time, randomness).
    buffer_vfs = *registered_over;
    buffer_vfs.zName = kName;
    buffer_vfs.pNext = nullptr;
    buffer_vfs.szOsFile = static_cast<int>(kInnerOffset) + registered_over->szOsFile;
    buffer_vfs.xOpen = open_file;
    if (sqlite3_vfs_register(&buffer_vfs, 0) != SQLITE_OK) std::abort();
  });
  return kName;
}

}  // namespace portfolio::storage::sqlite
