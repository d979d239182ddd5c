#pragma once

#include "domain/reading.hpp"
#include "domain/user.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// The column lists that the row functions below bind and read, in this order.
#define PORTFOLIO_SQLITE_READING_COLUMNS \
  "device_id, timestamp_ms, temperature, humidity, status, battery_level, location"
#define PORTFOLIO_SQLITE_USER_COLUMNS "user_id, username, email, status, created_at, updated_at"

// Binds a reading's 7 columns to parameters first..first+6.
void bind_reading(Statement& statement, int first, const domain::Reading& reading);
// Reads a reading from columns first..first+6; internal_error if a stored status is unknown.
Result<domain::Reading> reading_at(const Statement& statement, int first);
Result<domain::User> user_at(const Statement& statement, int first);

}  // namespace portfolio::storage::sqlite
