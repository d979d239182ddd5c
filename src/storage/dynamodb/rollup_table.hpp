#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.hpp"
#include "domain/error.hpp"
#include "domain/rollup.hpp"
#include "storage/rollup_query.hpp"

namespace portfolio::storage::dynamodb {

// The hour and day rollups of each device, kept in the metrics table: one item per device and UTC
// day, partition key "d#<device_id>", range key `timestamp` = the day's start. Device ids never
// contain '#', so these never meet a device's readings, and the IAM policy, Terraform and
// create-tables need no extra table. The item holds each hour in a map (`h00`..`h23`, with `done`),
// the day's totals at its top level (the merge of its hours), a write count per hour (`w00`..`w23`)
// and a version `v`.
//
// A write rebuilds each hour it touched from that hour's raw readings (min and max cannot be
// subtracted, so a resend is never applied as a difference). It first announces itself: an atomic
// ADD on the hours' write counts, made after its readings are stored, whose answer is the whole item.
// A rebuild of an hour that read count k sees the data of its writes 1..k, and is stored as
// covering k (`done`); a write is finished once its hours' `done` reach its own numbers. The hours
// and the day's totals are stored in one update conditional on the version read, so the totals are
// always the merge of the stored hours; a writer that lost the race rereads the item and stores what
// is not yet covered, with no new Query. So resends replace, late and out-of-order readings land in
// their bucket, and concurrent writers converge. No transactions, so it works on every emulator.
//
// Calls per device and day a write touches: 1 (a conditional PutItem) when the day is new (the
// device's stored latest reading is older than the day); otherwise 2 (ADD, SET) plus one Query per
// hour that already had a write.
class RollupTable {
 public:
  // Per device, the timestamp of its stored latest reading before the write (absent: none).
  using NewestBefore = std::map<std::string, std::int64_t, std::less<>>;

  RollupTable(aws::DynamoDbClient& client, std::string metrics_table, unsigned retention_days)
      : client_(client), table_(std::move(metrics_table)), retention_days_(retention_days) {}

  // Rebuilds the hours and days holding these (already stored, one per key) readings, at most
  // `parallelism` calls at a time. `newest_before` (null: unknown) only chooses between creating a
  // day item and announcing to it; either way the result is exact.
  domain::Result<void> refresh(std::span<const domain::Reading* const> readings,
                               const NewestBefore* newest_before, std::size_t parallelism);

  // The device's readings with from_ms <= timestamp < to_ms (every page of the Query).
  domain::Result<std::vector<domain::Reading>> readings_between(std::string_view device_id,
                                                                std::int64_t from_ms, std::int64_t to_ms);
  // The stored day rollups whose day starts in [from_ms, to_ms) (their totals only; the hours are
  // read with their whole day item, get_days).
  domain::Result<std::vector<domain::Rollup>> day_rollups(std::string_view device_id, std::int64_t from_ms,
                                                          std::int64_t to_ms);
  // A day item: its device and the day's start.
  struct DayKey {
    std::string device_id;
    std::int64_t day_ms = 0;
    bool operator==(const DayKey&) const = default;
    bool operator<(const DayKey& other) const {
      return device_id != other.device_id ? device_id < other.device_id : day_ms < other.day_ms;
    }
  };
  static constexpr std::size_t kBatchGetLimit = 100;  // DynamoDB's maximum keys per BatchGetItem

  // These day items (at most kBatchGetLimit distinct keys), whole and strongly consistent, in one
  // BatchGetItem (more when some come back unprocessed); absent ones are left out.
  domain::Result<std::vector<boost::json::object>> get_days(std::span<const DayKey> keys);
  static std::optional<DayKey> day_key_of(const boost::json::object& day_item);
  // Appends the stored hour rollups of a day item whose hour starts in [from_ms, to_ms).
  static domain::Result<void> hours_of(const boost::json::object& day_item, std::int64_t from_ms,
                                       std::int64_t to_ms, std::vector<domain::Rollup>& out);

  static std::string partition_of(std::string_view device_id);

 private:
  static constexpr int kHours = 24;
  static constexpr std::string_view kPartitionPrefix = "d#";  // of partition_of, read by day_key_of

  // One device and day of a write: its own readings' rollup per hour, then what it learnt.
  struct DayWork {
    std::string device_id;
    std::int64_t start_ms = 0;
    std::map<int, domain::Rollup> own;  // hour of the day -> this write's readings of it
    std::map<int, std::int64_t> first;  // hour -> the earliest of this write's readings in it
    bool likely_new = false;            // try creating the item first
    bool done = false;                  // created: nothing more to do
    boost::json::object item;           // the item as the announcement answered it
    std::map<int, std::int64_t> mine;   // hour -> this write's number for it
    std::map<int, domain::Rollup> rebuilt;
    std::vector<int> to_query;  // hours whose rebuild needs their raw readings
  };

  domain::Result<void> create_or_announce(DayWork& day);
  // Whether the hour's rebuild for write `number` is its stored rollup plus this write's readings:
  // the stored one covers every earlier write and ends before this write's first reading, so none
  // of this write's readings can replace one it counts. Then no Query.
  static domain::Result<bool> extends_stored(DayWork& day, int hour, std::int64_t number);
  domain::Result<void> rebuild_hour(DayWork& day, int hour);
  domain::Result<void> store(DayWork& day);
  boost::json::object key_of(const DayWork& day) const;
  std::int64_t expiry_of(std::int64_t day_ms) const;  // TTL: the day's end plus the retention
  domain::Result<std::vector<boost::json::object>> query_items(const std::string& partition,
                                                               std::int64_t from_ms, std::int64_t to_ms,
                                                               bool totals_only);

  aws::DynamoDbClient& client_;
  std::string table_;
  unsigned retention_days_;
};

}  // namespace portfolio::storage::dynamodb
