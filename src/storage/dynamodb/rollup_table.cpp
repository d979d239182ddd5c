#include "storage/dynamodb/rollup_table.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <utility>

#include "storage/dynamodb/all_pages.hpp"
#include "storage/dynamodb/aws_errors.hpp"
#include "storage/dynamodb/bounded_parallel.hpp"
#include "storage/dynamodb/item_codec.hpp"
#include "storage/dynamodb/rollup_codec.hpp"

namespace portfolio::storage::dynamodb {
namespace {

namespace json = boost::json;
using domain::Rollup;

// Stores of one write that found the day item changed since it read it. Each round rereads the
// item and stores only what is still not covered, so a few rounds settle even a hot day.
constexpr int kStoreAttempts = 16;

// "h07" (the hour's rollup map) or "w07" (its write count).
std::string hour_attribute(char kind, int hour) {
  std::string name(1, kind);
  name.push_back(static_cast<char>('0' + hour / 10));
  name.push_back(static_cast<char>('0' + hour % 10));
  return name;
}

const json::object* hour_map(const json::object& item, int hour) {
  const auto* value = item.if_contains(hour_attribute('h', hour));
  if (value == nullptr || !value->is_object()) return nullptr;
  const auto* map = value->as_object().if_contains("M");
  if (map == nullptr || !map->is_object()) return nullptr;
  return &map->as_object();
}

// The stored rollup of one hour of a day item; nullopt when none was stored yet.
domain::Result<std::optional<Rollup>> stored_hour(const json::object& item, int hour, std::int64_t day_ms) {
  const auto* fields = hour_map(item, hour);
  if (fields == nullptr) return std::optional<Rollup>{};
  auto rollup = rollup_from_fields(*fields, day_ms + hour * domain::kHourMs);
  if (!rollup) return domain::Error::internal("DynamoDB: unreadable hour rollup");
  return std::optional<Rollup>{*rollup};
}

// The last write the stored rollup of the hour covers (0: none).
std::int64_t covered_of(const json::object& item, int hour) {
  const auto* fields = hour_map(item, hour);
  if (fields == nullptr) return 0;
  return read_int64(*fields, "done").value_or(0);
}

json::object hour_value(const Rollup& rollup, std::int64_t covered) {
  auto fields = rollup_fields(rollup);
  fields["done"] = number_value(covered);
  return {{"M", std::move(fields)}};
}

// Appends ", #name = :name" (or the first "SET #name = :name") with its placeholders.
void set_attribute(std::string& update, json::object& names, json::object& values, std::string_view name,
                   json::value value) {
  update.append(update.empty() ? "SET #" : ", #").append(name).append(" = :").append(name);
  std::string placeholder("#");
  placeholder.append(name);
  names[placeholder] = name;
  placeholder[0] = ':';
  values[placeholder] = std::move(value);
}

}  // namespace

std::string RollupTable::partition_of(std::string_view device_id) {
  std::string partition(kPartitionPrefix);
  partition.append(device_id);
  return partition;
}

json::object RollupTable::key_of(const DayWork& day) const {
  return {{"device_id", string_value(partition_of(day.device_id))},
          {"timestamp", number_value(day.start_ms)}};
}

domain::Result<void> RollupTable::refresh(std::span<const domain::Reading* const> readings,
                                          const NewestBefore* newest_before, std::size_t parallelism) {
  std::map<std::pair<std::string, std::int64_t>, std::map<int, std::vector<domain::Reading>>> by_day;
  for (const auto* reading : readings) {
    const auto day = domain::bucket_start(reading->timestamp_ms, domain::kDayMs);
    const auto hour = static_cast<int>((reading->timestamp_ms - day) / domain::kHourMs);
    by_day[{reading->device_id, day}][hour].push_back(*reading);
  }
  std::vector<DayWork> days;
  days.reserve(by_day.size());
  for (const auto& [key, hours] : by_day) {
    DayWork day;
    day.device_id = key.first;
    day.start_ms = key.second;
    for (const auto& [hour, in_hour] : hours) {
      day.own[hour] = rollup_of(key.second + hour * domain::kHourMs, in_hour);
      day.first[hour] = std::min_element(in_hour.begin(), in_hour.end(), [](const auto& a, const auto& b) {
                          return a.timestamp_ms < b.timestamp_ms;
                        })->timestamp_ms;
    }
    // Most likely new when the device's stored latest reading is older than the day: no finished
    // write had a reading in it.
    if (newest_before != nullptr) {
      const auto found = newest_before->find(key.first);
      day.likely_new = found == newest_before->end() || found->second < key.second;
    }
    days.push_back(std::move(day));
  }
  // 1. Every day created or announced to (one call each); 2. every hour that had an earlier write
  // not covered by its stored rollup, or whose stored rollup reaches into this write's readings,
  // rebuilt from its raw readings (one Query each); 3. every announced day stored.
  auto announced = run_bounded_parallel(days.size(), parallelism,
                                        [&](std::size_t i) { return create_or_announce(days[i]); });
  if (!announced) return announced.error();
  std::vector<std::pair<std::size_t, int>> queries;
  for (std::size_t i = 0; i < days.size(); ++i) {
    for (const auto hour : days[i].to_query) queries.emplace_back(i, hour);
  }
  auto queried = run_bounded_parallel(queries.size(), parallelism, [&](std::size_t i) {
    return rebuild_hour(days[queries[i].first], queries[i].second);
  });
  if (!queried) return queried.error();
  return run_bounded_parallel(days.size(), parallelism, [&](std::size_t i) -> domain::Result<void> {
    if (days[i].done) return {};
    return store(days[i]);
  });
}

domain::Result<void> RollupTable::create_or_announce(DayWork& day) {
  if (day.likely_new) {
    // The day's first write, as one conditional put: each hour's write count 1, covered by this
    // write's own readings. Whoever stored readings in the day without having announced them yet
    // announces after this (count 2 or more) and rebuilds its hours from the stored readings.
    json::object item = key_of(day);
    item["v"] = number_value(std::int64_t{1});
    Rollup totals;
    totals.start_ms = day.start_ms;
    for (const auto& [hour, rollup] : day.own) {
      item[hour_attribute('h', hour)] = hour_value(rollup, 1);
      item[hour_attribute('w', hour)] = number_value(std::int64_t{1});
      totals.merge(rollup);
    }
    for (auto& [name, value] : rollup_fields(totals)) item[name] = value;
    if (retention_days_ > 0) item["expires_at"] = number_value(expiry_of(day.start_ms));
    auto put = client_.call("PutItem", {{"TableName", table_},
                                        {"Item", std::move(item)},
                                        {"ConditionExpression", "attribute_not_exists(device_id)"}});
    if (put) {
      day.done = true;
      return {};
    }
    if (put.error().type != "ConditionalCheckFailedException") return to_domain_error(put.error(), "PutItem");
  }
  // Announce this write to each of its hours: everything it stored is stored before its numbers
  // are taken. The answer is the item as it is now.
  std::string update = "ADD ";
  json::object names;
  json::object values{{":one", number_value(std::int64_t{1})}};
  for (const auto& [hour, rollup] : day.own) {
    const auto name = hour_attribute('w', hour);
    if (update.size() > 4) update.append(", ");
    update.append("#").append(name).append(" :one");
    names["#" + name] = name;
  }
  if (retention_days_ > 0) {
    update.append(" SET #e = :e");
    names["#e"] = "expires_at";
    values[":e"] = number_value(expiry_of(day.start_ms));
  }
  auto announced = client_.call("UpdateItem", {{"TableName", table_},
                                               {"Key", key_of(day)},
                                               {"UpdateExpression", update},
                                               {"ExpressionAttributeNames", std::move(names)},
                                               {"ExpressionAttributeValues", std::move(values)},
                                               {"ReturnValues", "ALL_NEW"}});
  if (!announced) return to_domain_error(announced.error(), "UpdateItem");
  const auto* attributes = announced->if_contains("Attributes");
  if (attributes == nullptr || !attributes->is_object()) {
    return domain::Error::internal("DynamoDB: no day item after the announcement");
  }
  day.item = attributes->as_object();
  for (const auto& [hour, rollup] : day.own) {
    const auto number = read_int64(day.item, hour_attribute('w', hour));
    if (!number) return domain::Error::internal("DynamoDB: no write count on " + partition_of(day.device_id));
    day.mine[hour] = *number;
    // Write 1 of an hour is its first: the hour holds this write's readings (and those of writes
    // not announced yet, which rebuild it after). Later numbers extend the stored rollup when it
    // covers every earlier write, else rebuild from the stored readings.
    day.rebuilt[hour] = rollup;
    if (*number == 1) continue;
    auto extended = extends_stored(day, hour, *number);
    if (!extended) return extended.error();
    if (!*extended) day.to_query.push_back(hour);
  }
  return {};
}

domain::Result<bool> RollupTable::extends_stored(DayWork& day, int hour, std::int64_t number) {
  if (covered_of(day.item, hour) != number - 1) return false;
  auto stored = stored_hour(day.item, hour, day.start_ms);
  if (!stored) return stored.error();
  if (!*stored || (*stored)->empty() || (*stored)->latest_ms >= day.first.at(hour)) return false;
  // Writes 1..number-1 are counted in the stored rollup and all its readings are older than this
  // write's: these readings are new keys (a resend of a counted key is never newer than the
  // rollup's latest), so they add to it exactly.
  auto rollup = **stored;
  rollup.merge(day.rebuilt.at(hour));
  day.rebuilt[hour] = rollup;
  return true;
}

domain::Result<void> RollupTable::rebuild_hour(DayWork& day, int hour) {
  const auto from = day.start_ms + hour * domain::kHourMs;
  auto readings = readings_between(day.device_id, from, from + domain::kHourMs);
  if (!readings) return readings.error();
  day.rebuilt.at(hour) = rollup_of(from, *readings);  // the key exists: no insertion across threads
  return {};
}

domain::Result<void> RollupTable::store(DayWork& day) {
  for (int attempt = 1;; ++attempt) {
    // The hours of this write whose stored rollup does not cover it yet; the others are as stored.
    std::string update;
    json::object names;
    json::object values;
    Rollup totals;
    totals.start_ms = day.start_ms;
    bool pending = false;
    for (int hour = 0; hour < kHours; ++hour) {
      const auto mine = day.mine.find(hour);
      if (mine != day.mine.end() && covered_of(day.item, hour) < mine->second) {
        const auto& rollup = day.rebuilt.at(hour);
        set_attribute(update, names, values, hour_attribute('h', hour), hour_value(rollup, mine->second));
        totals.merge(rollup);
        pending = true;
        continue;
      }
      auto stored = stored_hour(day.item, hour, day.start_ms);
      if (!stored) return stored.error();
      if (*stored) totals.merge(**stored);
    }
    if (!pending) return {};
    for (auto& [name, value] : rollup_fields(totals)) set_attribute(update, names, values, name, value);
    // The day's totals are the merge of the hours read: stored only if no other write stored since.
    const auto version = read_int64(day.item, "v");
    set_attribute(update, names, values, "v", number_value(version.value_or(0) + 1));
    if (!totals.battery_min) {
      update.append(" REMOVE #bmin");
      names["#bmin"] = "bmin";
    }
    std::string condition = "attribute_not_exists(#v)";
    if (version) {
      condition = "#v = :read";
      values[":read"] = number_value(*version);
    }
    auto stored = client_.call("UpdateItem", {{"TableName", table_},
                                              {"Key", key_of(day)},
                                              {"UpdateExpression", update},
                                              {"ConditionExpression", condition},
                                              {"ExpressionAttributeNames", std::move(names)},
                                              {"ExpressionAttributeValues", std::move(values)}});
    if (stored) return {};
    if (stored.error().type != "ConditionalCheckFailedException") {
      return to_domain_error(stored.error(), "UpdateItem");
    }
    if (attempt >= kStoreAttempts) {
      return domain::Error::unavailable("DynamoDB: the rollups of " + partition_of(day.device_id) +
                                        " kept changing; retry");
    }
    // Another write stored first: reread the item. This write's rebuilt hours stay valid (each
    // covers the writes up to its number), so no Query is repeated.
    auto current =
        client_.call("GetItem", {{"TableName", table_}, {"Key", key_of(day)}, {"ConsistentRead", true}});
    if (!current) return to_domain_error(current.error(), "GetItem");
    const json::value* item = current->if_contains("Item");
    if (item == nullptr || !item->is_object()) {
      return domain::Error::internal("DynamoDB: " + partition_of(day.device_id) + " vanished");
    }
    day.item = item->as_object();
  }
}

std::int64_t RollupTable::expiry_of(std::int64_t day_ms) const {
  return (day_ms + domain::kDayMs) / 1000 + static_cast<std::int64_t>(retention_days_) * 86'400;
}

domain::Result<void> RollupTable::hours_of(const json::object& day_item, std::int64_t from_ms,
                                           std::int64_t to_ms, std::vector<Rollup>& out) {
  const auto day_ms = read_int64(day_item, "timestamp").value_or(0);
  for (int hour = 0; hour < kHours; ++hour) {
    const auto start = day_ms + hour * domain::kHourMs;
    if (start < from_ms || start >= to_ms) continue;
    auto stored = stored_hour(day_item, hour, day_ms);
    if (!stored) return stored.error();
    if (*stored && (*stored)->count > 0) out.push_back(**stored);
  }
  return {};
}

}  // namespace portfolio::storage::dynamodb
