#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.hpp"
#include "storage/dynamodb/device_registry.hpp"
#include "storage/dynamodb/dynamodb_store.hpp"
#include "storage/dynamodb/position_token.hpp"
#include "storage/dynamodb/rollup_table.hpp"
#include "storage/store.hpp"

namespace portfolio::storage::dynamodb {

// A Query or Scan page as collected: the items, and the position of the next page if there is one.
struct CollectedPage {
  boost::json::array items;
  std::optional<std::string> next;
};

// The Store on DynamoDB. Its members are defined by concern: dynamodb_store.cpp (the calls every
// part uses), store_users.cpp, store_readings.cpp (ingestion, latest records, history) and
// store_queries.cpp (device pages, stats, summaries, series); rollup_table.cpp keeps the rollups.
class DynamoDbStore final : public Store {
 public:
  DynamoDbStore(DynamoDbOptions options, std::unique_ptr<aws::DynamoDbClient> client)
      : options_(std::move(options)),
        client_(std::move(client)),
        registry_(*client_, options_.devices_table),
        rollups_(*client_, options_.metrics_table, options_.retention_days) {}

  std::string_view backend() const override { return "dynamodb"; }
  Result<void> ping() override;
  Result<void> create_user(const domain::User& user) override;
  Result<domain::User> get_user(std::string_view user_id) override;
  Result<void> update_user(const domain::User& before, const domain::User& after) override;
  Result<void> delete_user(std::string_view user_id) override;
  Result<domain::Page<domain::User>> list_users(const domain::PageRequest& page) override;
  Result<void> put_reading(const domain::Reading& reading) override;
  Result<void> put_readings(std::span<const domain::Reading> readings) override;
  Result<domain::Page<domain::Reading>> device_history(const HistoryQuery& query) override;
  Result<domain::Page<domain::DeviceState>> list_devices(const DeviceQuery& query) override;
  Result<domain::DeviceStats> device_stats(const StatsQuery& query) override;
  Result<domain::Page<domain::DeviceSummary>> summarize(const SummaryQuery& query) override;
  Result<std::vector<domain::SeriesBucket>> series(const SeriesQuery& query) override;
  Result<std::size_t> sweep_readings(std::int64_t /*before_ms*/, std::size_t /*max_readings*/) override;

 private:
  // Once the readings are stored (one per key): each device's latest record, then the rollups.
  // Both only after every reading is stored, so neither ever points past the history. The latest
  // update answers what the device's latest was before, which tells the rollups which days are
  // most likely new (created in one call each).
  Result<void> after_readings_stored(std::span<const domain::Reading* const> readings);

  // A reading's item, with its TTL attribute when readings expire.
  boost::json::object stored_item(const domain::Reading& reading) const;

  // The device a page resumes after, from its position token.
  static Result<std::optional<std::string>> device_after(const domain::PageRequest& page);

  Result<boost::json::object> call(std::string_view operation, const boost::json::object& request);

  // TransactWriteItems, retried when it lost a race to a concurrent transaction on the same items
  // (no condition failed: the outcome is simply not decided yet).
  boost::system::result<boost::json::object, aws::AwsError> transact(boost::json::array items);

  Result<std::optional<boost::json::object>> get_item(const std::string& table, boost::json::object key);

  // Runs a Query or Scan from the page's position until it has one item more than the page holds,
  // or the end. The extra item proves there is a next page, so the last page never ends with a
  // position that leads to an empty one; the position is the key of the page's last item.
  Result<CollectedPage> collect(std::string_view operation, boost::json::object request, KeySchema schema,
                                const domain::PageRequest& page);

  // Keeps the device's latest reading (one conditional PutItem): written only when it is not older
  // than the stored one, so concurrent and out-of-order writers converge on the newest reading.
  // Answers the timestamp of the latest reading stored before (nullopt: none; this reading's own
  // when a newer one is stored).
  Result<std::optional<std::int64_t>> update_latest(const domain::Reading& reading);

  // BatchWriteItem, resubmitting UnprocessedItems (what DynamoDB throttled) with backoff.
  Result<void> batch_write(boost::json::array requests);

  DynamoDbOptions options_;
  std::unique_ptr<aws::DynamoDbClient> client_;
  DeviceRegistry registry_;
  RollupTable rollups_;
};

}  // namespace portfolio::storage::dynamodb
