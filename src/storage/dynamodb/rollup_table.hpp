#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.hpp"
#include "domain/error.hpp"
#include "domain/rollup.hpp"
#include "storage/rollup_query.hpp"

namespace portfolio::storage::dynamodb {

// The hour and day rollups of each device, kept in the metrics table under their own partition keys
// ("h#<device_id>" and "d#<device_id>", range key `timestamp` = the bucket's start). Device ids never
// contain '#', so these never meet a device's readings, and the service's IAM policy, Terraform and
// create-tables need no extra table.
//
// A write rebuilds each bucket it touched: the hour from its raw readings (one Query of at most one
// hour of one device), then the day from its 24 hour items (min and max cannot be subtracted, so a
// resend is never applied as a difference). Each bucket item counts the writes announced to it (`w`,
// an atomic ADD made after the write's data is stored) and records which count its stored rollup
// covers (`done`, set only upwards by a conditional update). A rebuild that reads count k before its
// Query sees the data of writes 1..k; a write is finished once `done` reaches its own number. So
// resends replace, late and out-of-order readings land in their bucket, and concurrent writers of
// one bucket converge (a loser usually finds itself covered by the winner). No transactions, so it
// works on every emulator; a new reading costs 3 calls per bucket (ADD, Query, conditional SET).
//
// A bucket's first write needs no Query: its data is its own readings. When the writer expects the
// bucket to be new (the device's stored latest reading is older than the bucket), it creates the
// item in one conditional PutItem (count 1, covered); when the item exists after all, or the ADD
// answers count 1, it goes the way above, less the Query for count 1. A batch of new devices with
// one reading each costs one call per bucket.
class RollupTable {
 public:
  // Per device, the timestamp of its stored latest reading before the write (absent: none).
  using NewestBefore = std::map<std::string, std::int64_t, std::less<>>;

  RollupTable(aws::DynamoDbClient& client, std::string metrics_table, unsigned retention_days)
      : client_(client), table_(std::move(metrics_table)), retention_days_(retention_days) {}

  // Rebuilds the hours and then the days holding these (already stored, one per key) readings, at
  // most `parallelism` buckets at a time. `newest_before` (may be null: unknown) only chooses
  // between creating a bucket and announcing to it; either way the result is exact.
  domain::Result<void> refresh(std::span<const domain::Reading* const> readings,
                               const NewestBefore* newest_before, std::size_t parallelism);

  // The device's readings with from_ms <= timestamp < to_ms (every page of the Query).
  domain::Result<std::vector<domain::Reading>> readings_between(std::string_view device_id,
                                                                std::int64_t from_ms, std::int64_t to_ms);
  // The stored rollups of one grain whose bucket starts in [from_ms, to_ms).
  domain::Result<std::vector<domain::Rollup>> rollups_between(std::string_view device_id, RollupGrain grain,
                                                              std::int64_t from_ms, std::int64_t to_ms);

  static std::string partition_of(std::string_view device_id, RollupGrain grain);

 private:
  struct Bucket {
    std::string device_id;
    RollupGrain grain = RollupGrain::hour;
    std::int64_t start_ms = 0;
    domain::Rollup own;       // this write's readings of the bucket
    bool likely_new = false;  // try creating the item first
  };

  domain::Result<void> store(const Bucket& bucket);
  domain::Result<bool> create(const Bucket& bucket);  // false: the item exists
  domain::Result<void> rebuild(const Bucket& bucket);
  domain::Result<domain::Rollup> recompute(const Bucket& bucket);
  std::int64_t expiry_of(RollupGrain grain, std::int64_t start_ms) const;
  domain::Result<std::vector<boost::json::object>> query_items(const std::string& partition,
                                                               std::int64_t from_ms, std::int64_t to_ms);

  aws::DynamoDbClient& client_;
  std::string table_;
  unsigned retention_days_;
};

}  // namespace portfolio::storage::dynamodb
