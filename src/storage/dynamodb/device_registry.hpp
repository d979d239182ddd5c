#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "aws/dynamodb_client.hpp"
#include "domain/page.hpp"
#include "storage/store.hpp"

namespace portfolio::storage::dynamodb {

// The devices table seen through its sharded index. Every device item carries `shard` ("s0".."s3",
// a hash of its id); the global secondary index `by_shard` (hash shard, range device_id, all
// attributes) keeps each shard in device_id order. One page of devices is one Query per shard, run
// in parallel, merged in device_id order: 4 calls whatever the fleet size, where a table keyed by
// device alone could only be paged in id order by reading all of it. A second index, `by_status`
// (hash `status_shard` = "<status>#<shard>", range device_id, all attributes), holds the same runs
// split by status, so a page with a status filter is also 4 Queries however rare the status.
class DeviceRegistry {
 public:
  static constexpr std::size_t kShards = 4;
  static constexpr const char* kIndex = "by_shard";
  static constexpr const char* kStatusIndex = "by_status";
  static constexpr const char* kStatusShard = "status_shard";  // the hash key of by_status

  DeviceRegistry(aws::DynamoDbClient& client, std::string table)
      : client_(client), table_(std::move(table)) {}

  static std::string shard_of(std::string_view device_id);
  // "error#s2": the device's status and shard, the by_status key of its item.
  static std::string status_shard_of(domain::DeviceStatus status, std::string_view device_id);
  // Adds the index keys (`shard`, `status_shard`) to a device item holding `latest`.
  static void add_index_keys(boost::json::object& item, const domain::Reading& latest);

  // A page of the devices that pass the filter, in device_id order. `after` is the last device of
  // the previous page. The status picks the index (by_status when given) and the prefix is the key
  // range; connectivity and battery are applied by DynamoDB (FilterExpression), and each shard reads
  // at most a few rounds per page; a page may then stop short with a next position.
  Result<domain::Page<domain::DeviceState>> page(const DeviceFilter& filter,
                                                 const std::optional<std::string>& after, std::size_t limit);

 private:
  struct ShardPage;
  static std::optional<std::string> earliest_stop(const std::array<ShardPage, kShards>& shards);
  static std::size_t complete_below_bound(const std::array<ShardPage, kShards>& shards);
  Result<void> read_shard(std::size_t shard, const DeviceFilter& filter,
                          const std::optional<std::string>& after, std::size_t limit, ShardPage& out);

  aws::DynamoDbClient& client_;
  std::string table_;
};

}  // namespace portfolio::storage::dynamodb
