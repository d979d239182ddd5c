#pragma once

#include <span>

#include "domain/reading.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// Writes readings inside the caller's transaction and keeps the device row and the hour and day
// rollups exact in the same transaction:
//  - a new reading adds itself to its hour and its day (one upsert each);
//  - a resent reading (same key) replaces the stored one, and its hour is rebuilt from the raw
//    readings of that hour and its day from the day's hour rollups, so it is never counted twice;
//  - a late reading lands in the buckets of its own timestamp.
Result<void> write_reading(Connection& connection, const domain::Reading& reading);

}  // namespace portfolio::storage::sqlite
