#pragma once

namespace portfolio::storage::sqlite {

// The name of a SQLite VFS that writes each transaction's write-ahead log in one piece, registered
// on the first call (thread-safe). SQLite writes a WAL frame as two writes, its 24-byte header and
// its page, so a group commit of ~30 readings (~50 frames) made ~100 pwrite calls before its one
// fsync. Through this VFS a WAL file keeps the writes that follow each other in memory and hands
// them to the operating system in one write when SQLite syncs, reads, truncates, sizes or closes the
// file, or writes elsewhere in it, or when 127 KiB are waiting. Nothing is acknowledged before the
// sync, so durability is unchanged; readers only read frames a commit has published, and with
// synchronous=FULL (every connection here) a commit syncs before it publishes them.
// Every other file, and everything but a WAL file's writes, goes to SQLite's default VFS of the
// moment a file is opened, unchanged.
const char* wal_write_buffer_vfs();

}  // namespace portfolio::storage::sqlite
