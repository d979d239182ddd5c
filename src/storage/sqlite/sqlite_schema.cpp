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
    // 1 -> 2: fleet scale. When each device was first seen (summaries skip devices that cannot have
    // readings in the window), indexes for the device filters, and hour (grain 0) and day (grain 1)
    // rollups kept in the same transaction as the readings, built here from the readings so far.
    R"sql(
ALTER TABLE devices ADD COLUMN first_seen_ms INTEGER NOT NULL DEFAULT 0;
UPDATE devices SET first_seen_ms =
  (SELECT min(r.timestamp_ms) FROM readings AS r WHERE r.device_id = devices.device_id);
CREATE INDEX devices_by_status ON devices (status, device_id);
CREATE INDEX devices_by_last_seen ON devices (timestamp_ms);

CREATE TABLE rollups (
  device_id     TEXT NOT NULL,
  grain         INTEGER NOT NULL CHECK (grain IN (0, 1)),
  start_ms      INTEGER NOT NULL,
  count         INTEGER NOT NULL,
  t_sum         REAL NOT NULL,
  t_min         REAL NOT NULL,
  t_max         REAL NOT NULL,
  h_sum         REAL NOT NULL,
  h_min         REAL NOT NULL,
  h_max         REAL NOT NULL,
  battery_min   REAL,
  latest_status TEXT NOT NULL,
  latest_ms     INTEGER NOT NULL,
  PRIMARY KEY (device_id, grain, start_ms)
) WITHOUT ROWID;
INSERT INTO rollups
  SELECT r.device_id, 0, r.timestamp_ms / 3600000 * 3600000 AS hour, count(*),
         sum(r.temperature), min(r.temperature), max(r.temperature),
         sum(r.humidity), min(r.humidity), max(r.humidity), min(r.battery_level),
         (SELECT l.status FROM readings AS l WHERE l.device_id = r.device_id
            AND l.timestamp_ms >= r.timestamp_ms / 3600000 * 3600000
            AND l.timestamp_ms < r.timestamp_ms / 3600000 * 3600000 + 3600000
          ORDER BY l.timestamp_ms DESC LIMIT 1),
         max(r.timestamp_ms)
  FROM readings AS r GROUP BY r.device_id, hour;
INSERT INTO rollups
  SELECT h.device_id, 1, h.start_ms / 86400000 * 86400000 AS day, sum(h.count),
         sum(h.t_sum), min(h.t_min), max(h.t_max), sum(h.h_sum), min(h.h_min), max(h.h_max),
         min(h.battery_min),
         (SELECT l.latest_status FROM rollups AS l WHERE l.device_id = h.device_id AND l.grain = 0
            AND l.start_ms >= h.start_ms / 86400000 * 86400000
            AND l.start_ms < h.start_ms / 86400000 * 86400000 + 86400000
          ORDER BY l.latest_ms DESC LIMIT 1),
         max(h.latest_ms)
  FROM rollups AS h WHERE h.grain = 0 GROUP BY h.device_id, day;
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
