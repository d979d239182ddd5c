#pragma once

#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// The schema version this build writes; kept in SQLite's user_version pragma.
inline constexpr int kSchemaVersion = 2;

// Brings the database up to kSchemaVersion, one migration step per version, each in its own
// transaction. Refuses a database written by a newer build rather than misreading it.
Result<void> migrate(Connection& connection);

}  // namespace portfolio::storage::sqlite
