#include "storage/sqlite/sqlite_connection.hpp"

#include "storage/sqlite/wal_write_buffer.hpp"

namespace portfolio::storage::sqlite {
namespace {

bool means_unreachable(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_PERM:
      return true;
    default:
      return false;
  }
}

}  // namespace

Error error_from(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return means_unreachable(rc) ? Error::unavailable(std::move(message)) : Error::internal(std::move(message));
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return error_from(db_, rc, "SQLite statement failed");
}

std::string Statement::text_at(int column) const {
  return std::string(text_view_at(column));
}

std::string_view Statement::text_view_at(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) {
    return {};
  }
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path,
                                                     std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is confined to one thread at a time by the store, so SQLite's own
  // per-connection mutex would only add cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, wal_write_buffer_vfs());
  if (rc != SQLITE_OK) {
    auto error = error_from(db, rc, "cannot open SQLite database '" + path + "'");
    sqlite3_close_v2(db);
    return Error::unavailable(std::move(error.message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  std::unique_ptr<Connection> connection(new Connection(db));
  // WAL lets readers run beside the writer; FULL syncs the WAL on every commit so that a success
  // return survives a crash or power loss, not only a process kill.
  auto unusable = [&path](const std::string& why) {
    return Error::unavailable("cannot use SQLite database '" + path + "': " + why);
  };
  auto mode = connection->query_text("PRAGMA journal_mode=WAL");
  if (!mode) {
    return unusable(mode.error().message);
  }
  if (*mode != "wal") {
    return unusable("write-ahead logging is not available (journal mode " + *mode + ")");
  }
  // FULL is also what the WAL write buffer relies on: it hands a commit's frames over when SQLite
  // syncs them, which FULL does before it publishes them to readers. Under NORMAL readers would be
  // told of frames still in the buffer (their first read failed as a disk I/O error).
  // journal_size_limit: after a burst, truncate the WAL back to 64 MiB at the next checkpoint
  // instead of keeping its largest size on disk for ever.
  for (const char* pragma :
       {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA journal_size_limit=67108864"}) {
    if (auto done = connection->exec(pragma); !done) {
      return unusable(done.error().message);
    }
  }
  return connection;
}

Connection::~Connection() {
  statements_.clear();  // finalize every statement before the connection can close
  sqlite3_close_v2(db_);
}

Result<void> Connection::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return error_from(db_, rc, sql);
  }
  return {};
}

Result<std::reference_wrapper<Statement>> Connection::prepare(std::string_view sql) {
  if (const auto it = statements_.find(sql); it != statements_.end()) {
    return std::ref(*it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return error_from(db_, rc, "cannot prepare SQLite statement");
  }
  auto& statement = statements_[sql];
  statement = std::make_unique<Statement>(db_, stmt);
  return std::ref(*statement);
}

}  // namespace portfolio::storage::sqlite
