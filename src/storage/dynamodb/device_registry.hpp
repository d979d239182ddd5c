#pragma once

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
// device alone could only be paged in id order by reading all of it.
class DeviceRegistry {
 public:
  static constexpr std::size_t kShards = 4;
  static constexpr const char* kIndex = "by_shard";

  DeviceRegistry(aws::DynamoDbClient& client, std::string table)
      : client_(client), table_(std::move(table)) {}

  static std::string shard_of(std::string_view device_id);

  // A page of the devices that pass the filter, in device_id order. `after` is the last device of
  // the previous page. Filters other than the prefix are applied by DynamoDB (FilterExpression), and
  // each shard reads at most a few rounds per page; a page may then stop short with a next position.
  Result<domain::Page<domain::DeviceState>> page(const DeviceFilter& filter,
                                                 const std::optional<std::string>& after, std::size_t limit);

 private:
  struct ShardPage;
  Result<void> read_shard(std::size_t shard, const DeviceFilter& filter,
                          const std::optional<std::string>& after, std::size_t limit, ShardPage& out);

  aws::DynamoDbClient& client_;
  std::string table_;
};

}  // namespace portfolio::storage::dynamodb
