#include "storage/dynamodb/device_registry.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <iterator>

#include "storage/device_filter.hpp"
#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/bounded_parallel.hpp"
#include "storage/dynamodb/item_codec.hpp"

namespace portfolio::storage::dynamodb {
namespace json = boost::json;

namespace {

// Rounds of one shard's Query per page: a filter that matches few devices reads at most this many
// pages of the index before the page is cut short (with a next position where it stopped).
constexpr int kRoundsPerShard = 4;
// Device ids are [A-Za-z0-9_.:-], all above \x01 and below \x7f: "\x01" appended gives the smallest
// string after an id, "\x7f" appended the end of a prefix's range.
constexpr std::string_view kJustAfter = "\x01";
constexpr std::string_view kEndOfIds = "\x7f";

// "s2": shard 2's key in by_shard. "error#s2": the devices of shard 2 in error, a key in by_status.
std::string shard_name(std::size_t shard) {
  std::string name = "s";
  name.append(std::to_string(shard));
  return name;
}

std::string status_partition(domain::DeviceStatus status, std::string_view shard) {
  std::string key(domain::to_string(status));
  key.append("#").append(shard);
  return key;
}

}  // namespace

struct DeviceRegistry::ShardPage {
  std::vector<domain::DeviceState> devices;  // matching, in device_id order
  std::optional<std::string> stopped_at;     // the last id this shard read, when it has more
};

// The earliest id where a shard that has more stopped: every shard is complete up to it, so a page
// may not pass it. None when every shard was read to its end.
std::optional<std::string> DeviceRegistry::earliest_stop(const std::array<ShardPage, kShards>& shards) {
  std::optional<std::string> bound;
  for (const auto& shard : shards) {
    if (shard.stopped_at && (!bound || *shard.stopped_at < *bound)) bound = shard.stopped_at;
  }
  return bound;
}

// How many devices the shards have read up to earliest_stop: the devices a page can be made of.
std::size_t DeviceRegistry::complete_below_bound(const std::array<ShardPage, kShards>& shards) {
  const auto bound = earliest_stop(shards);
  std::size_t count = 0;
  for (const auto& shard : shards) {
    for (const auto& device : shard.devices) {
      if (bound && device.device_id > *bound) break;  // each shard's devices are in id order
      ++count;
    }
  }
  return count;
}

std::string DeviceRegistry::shard_of(std::string_view device_id) {
  std::uint32_t hash = 2166136261U;  // FNV-1a: stable across builds and platforms
  for (const char c : device_id) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
  }
  return shard_name(hash % kShards);
}

std::string DeviceRegistry::status_shard_of(domain::DeviceStatus status, std::string_view device_id) {
  return status_partition(status, shard_of(device_id));
}

void DeviceRegistry::add_index_keys(json::object& item, const domain::Reading& latest) {
  item["shard"] = string_value(shard_of(latest.device_id));
  item[kStatusShard] = string_value(status_shard_of(latest.status, latest.device_id));
}

Result<void> DeviceRegistry::read_shard(std::size_t shard, const DeviceFilter& filter,
                                        const std::optional<std::string>& after, std::size_t limit,
                                        ShardPage& out) {
  // Built with append: GCC 12 at -O3 warns falsely (-Wrestrict) on std::string + std::string here.
  std::string low(kJustAfter);
  if (filter.prefix) low = *filter.prefix;
  if (after) {
    std::string just_after = *after;
    just_after.append(kJustAfter);
    if (just_after > low) low = std::move(just_after);
  }
  std::string high;
  if (filter.prefix) high = *filter.prefix;
  high.append(kEndOfIds);
  if (low > high) return {};  // the previous page ended past the prefix's range
  // With a status, the shard's run of that status in by_status; otherwise the whole shard.
  const std::string partition =
      filter.status ? status_partition(*filter.status, shard_name(shard)) : shard_name(shard);
  json::object names{{"#sh", filter.status ? kStatusShard : "shard"}, {"#id", "device_id"}};
  json::object values{
      {":sh", string_value(partition)}, {":lo", string_value(low)}, {":hi", string_value(high)}};
  std::vector<std::string> conditions;
  if (filter.online) {
    names["#ts"] = "timestamp";
    values[":since"] = number_value(filter.online_since_ms);
    conditions.emplace_back(*filter.online ? "#ts >= :since" : "#ts < :since");
  }
  if (filter.low_battery) {
    names["#ba"] = "battery_level";
    values[":low"] = number_value(filter.low_battery_below);
    conditions.emplace_back("#ba < :low");
  }
  json::object request{{"TableName", table_},
                       {"IndexName", filter.status ? kStatusIndex : kIndex},
                       {"KeyConditionExpression", "#sh = :sh AND #id BETWEEN :lo AND :hi"},
                       {"ExpressionAttributeNames", std::move(names)},
                       {"ExpressionAttributeValues", std::move(values)}};
  if (!conditions.empty()) {
    std::string expression;
    for (const auto& condition : conditions) {
      if (!expression.empty()) expression.append(" AND ");
      expression.append(condition);
    }
    request["FilterExpression"] = expression;
  }
  for (int round = 0; round < kRoundsPerShard; ++round) {
    // One more than the page, so that a full page knows whether the shard has more.
    request["Limit"] = static_cast<std::int64_t>(limit + 1);
    auto response = client_.call("Query", request);
    if (!response) return to_domain_error(response.error(), "Query");
    if (const auto* items = response->if_contains("Items"); items != nullptr && items->is_array()) {
      for (const auto& item : items->as_array()) {
        auto reading = reading_from_item(item.as_object());
        if (!reading) return domain::Error::internal("DynamoDB: unreadable item in " + table_);
        if (!device_passes(filter, *reading)) continue;  // the emulators' filters are trusted, not relied on
        out.devices.push_back({reading->device_id, std::move(*reading)});
      }
    }
    const json::value* last = response->if_contains("LastEvaluatedKey");
    if (last == nullptr || !last->is_object()) {
      out.stopped_at.reset();
      return {};
    }
    out.stopped_at = read_string(last->as_object(), "device_id");
    if (out.devices.size() > limit) return {};
    request["ExclusiveStartKey"] = last->as_object();
  }
  return {};
}

Result<domain::Page<domain::DeviceState>> DeviceRegistry::page(const DeviceFilter& filter,
                                                               const std::optional<std::string>& after,
                                                               std::size_t limit) {
  // Every shard holds about a quarter of the devices in any range of ids (a hash of the id picks
  // it), so a page needs about a quarter of its devices from each. Without a FilterExpression every
  // item read is a match, and the first read asks each shard for its share and a margin instead of a
  // whole page; only when the merge of those falls short of a page (a few pages in a hundred) are
  // the shards that have more read again for a whole page, from where they stopped. With a
  // FilterExpression the matches per call are unknown: each shard reads for a whole page at once.
  const bool every_item_matches = !filter.online && !filter.low_battery;
  const std::size_t share = every_item_matches ? std::min(limit, limit / kShards + limit / 8 + 2) : limit;
  std::array<ShardPage, kShards> shards;
  auto read = run_bounded_parallel(kShards, kShards, [&](std::size_t shard) {
    return read_shard(shard, filter, after, share, shards[shard]);
  });
  if (!read) return read.error();
  if (share < limit && complete_below_bound(shards) < limit) {
    auto more = run_bounded_parallel(kShards, kShards, [&](std::size_t shard) -> Result<void> {
      auto& page = shards[shard];
      if (!page.stopped_at) return {};
      const std::optional<std::string> resume = page.stopped_at;
      return read_shard(shard, filter, resume, limit, page);
    });
    if (!more) return more.error();
  }
  const auto bound = earliest_stop(shards);
  std::vector<domain::DeviceState> merged;
  for (auto& shard : shards)
    std::move(shard.devices.begin(), shard.devices.end(), std::back_inserter(merged));
  std::sort(merged.begin(), merged.end(),
            [](const auto& a, const auto& b) { return a.device_id < b.device_id; });
  domain::Page<domain::DeviceState> out;
  std::size_t taken = 0;
  for (; taken < merged.size(); ++taken) {
    if (bound && merged[taken].device_id > *bound) break;
    if (out.items.size() == limit) break;
    out.items.push_back(std::move(merged[taken]));
  }
  const bool more_read = taken < merged.size();
  if (out.items.size() == limit && (more_read || bound)) {
    out.next = out.items.back().device_id;
  } else if (bound) {
    out.next = *bound;  // cut short by a shard that has more: resume after what every shard has read
  }
  return out;
}

}  // namespace portfolio::storage::dynamodb
