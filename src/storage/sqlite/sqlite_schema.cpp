#include "storage/sqlite/sqlite_schema.hpp"

#include <array>
#include <string>

namespace portfolio::storage::sqlite {
namespace {

// Step N takes the database from version N to N+1. Never edit a released step: add one.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 0 -> 1: users with unique folded names, readings keyed by device and time, latest per device.
    R"sql(
CREATE TABLE users (
  user_id      TEXT PRIMARY KEY NOT NULL,
  username     TEXT NOT NULL,
  email        TEXT NOT NULL,
  -- The case-folded forms uniqueness is decided on, folded by the domain so that every back end
  -- agrees on what "the same name" means.
  username_key TEXT NOT NULL,
  email_key    TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_username_key ON users (username_key);
CREATE UNIQUE INDEX users_email_key ON users (email_key);
CREATE INDEX users_by_created ON users (created_at, user_id);

CREATE TABLE readings (
  device_id     TEXT NOT NULL,
  timestamp_ms  INTEGER NOT NULL,
  temperature   REAL NOT NULL,
  humidity      REAL NOT NULL,
  status        TEXT NOT NULL,
  battery_level REAL,
  location      TEXT,
  PRIMARY KEY (device_id, timestamp_ms)
) WITHOUT ROWID;

-- The newest reading of each device, kept in the same transaction as the readings themselves so
-- that "latest per device" reads one row per device and never scans readings.
CREATE TABLE devices (
  device_id     TEXT PRIMARY KEY NOT NULL,
  timestamp_ms  INTEGER NOT NULL,
  temperature   REAL NOT NULL,
  humidity      REAL NOT NULL,
  status        TEXT NOT NULL,
  battery_level REAL,
  location      TEXT
) WITHOUT ROWID;
)sql",
};

}  // namespace

Result<void> migrate(Connection& connection) {
  auto version = connection.query_int("PRAGMA user_version");
  if (!version) {
    return version.error();
  }
  if (*version > kSchemaVersion) {
    return Error::unavailable("the database has schema version " + std::to_string(*version) +
                              ", newer than this build supports (" + std::to_string(kSchemaVersion) + ")");
  }
  for (auto step = static_cast<std::size_t>(*version); step < kMigrations.size(); ++step) {
    // IMMEDIATE takes the write lock first, so two processes opening a new file cannot both migrate.
    if (auto begun = connection.exec("BEGIN IMMEDIATE"); !begun) {
      return begun.error();
    }
    auto current = connection.query_int("PRAGMA user_version");
    if (!current) {
      (void)connection.exec("ROLLBACK");
      return current.error();
    }
    if (*current != static_cast<std::int64_t>(step)) {  // another process migrated meanwhile
      (void)connection.exec("ROLLBACK");
      return migrate(connection);
    }
    const std::string bump = "PRAGMA user_version = " + std::to_string(step + 1);
    Result<void> done = connection.exec(kMigrations[step]);
    if (done) {
      done = connection.exec(bump.c_str());
    }
    if (done) {
      done = connection.exec("COMMIT");
    }
    if (!done) {
      if (connection.in_transaction()) {
        (void)connection.exec("ROLLBACK");
      }
      return Error{
          done.error().code,
          "schema migration to version " + std::to_string(step + 1) + " failed: " + done.error().message,
          {}};
    }
  }
  return {};
}

}  // namespace portfolio::storage::sqlite
