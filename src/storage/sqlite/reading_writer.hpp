#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "domain/reading.hpp"
#include "domain/rollup.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// Writes readings inside the caller's transaction and keeps the device rows and the hour and day
// rollups exact in the same transaction:
//  - new readings add their sums to their hour and their day;
//  - a resent reading (same key) replaces the stored one, and its hour is rebuilt from the raw
//    readings of that hour and its day from the day's hour rollups, so it is never counted twice;
//  - a late reading lands in the buckets of its own timestamp.
// The rollups and device rows are written by finish(), once per bucket and per device of everything
// written since the last finish(), not once per reading: a 500-reading batch from 100 devices costs
// about 500 inserts and 300 upserts instead of 2,000 statements. Call finish() before COMMIT; the
// readings written must outlive it (they are referred to, not copied).
class ReadingWriter {
 public:
  using BucketKey = std::pair<std::string_view, std::int64_t>;  // device id, bucket start

  explicit ReadingWriter(Connection& connection) : connection_(connection) {}

  Result<void> write(const domain::Reading& reading);
  Result<void> finish();

 private:
  struct Device {
    const domain::Reading* newest = nullptr;
    std::int64_t first_seen_ms = 0;
  };

  Connection& connection_;
  std::map<BucketKey, domain::Rollup> hours_added_;
  std::map<BucketKey, domain::Rollup> days_added_;
  std::set<BucketKey> hours_rebuilt_;
  std::set<BucketKey> days_rebuilt_;
  std::map<std::string_view, Device> devices_;
};

}  // namespace portfolio::storage::sqlite
