#include "store_behaviour_support.hpp"

namespace portfolio::storage::behaviour {

User make_user(const std::string& name, int n, std::string email) {
  User user;
  user.user_id =
      "00000000-0000-4000-8000-" + std::string(12 - std::to_string(n).size(), '0') + std::to_string(n);
  user.username = name;
  user.email = email.empty() ? name + "@example.com" : std::move(email);
  user.created_at = domain::format_iso8601(kBase + n);
  user.updated_at = user.created_at;
  return user;
}

Reading make_reading(const std::string& device, std::int64_t timestamp, double temperature, double humidity,
                     DeviceStatus status) {
  Reading reading;
  reading.device_id = device;
  reading.timestamp_ms = timestamp;
  reading.temperature = temperature;
  reading.humidity = humidity;
  reading.status = status;
  return reading;
}

namespace {

// Pages through `read(after)` until no next token follows.
template <class Item, class Read>
std::vector<Item> all_pages(std::size_t limit, Read&& read) {
  std::vector<Item> items;
  std::optional<std::string> after;
  for (int pages = 0; pages < 1000; ++pages) {
    auto page = read(after);
    EXPECT_TRUE(page) << outcome(page);
    if (!page) {
      break;
    }
    EXPECT_LE(page->items.size(), limit);
    items.insert(items.end(), page->items.begin(), page->items.end());
    if (!page->next) {
      break;
    }
    after = page->next;
  }
  return items;
}

}  // namespace

std::vector<User> all_users(Store& store, std::size_t limit) {
  return all_pages<User>(limit, [&](const auto& after) { return store.list_users({limit, after}); });
}

std::vector<Reading> all_history(Store& store, HistoryQuery query) {
  return all_pages<Reading>(query.page.limit, [&](const auto& after) {
    query.page.after = after;
    return store.device_history(query);
  });
}

std::vector<domain::DeviceState> all_devices(Store& store, std::size_t limit, const DeviceFilter& filter) {
  return all_pages<domain::DeviceState>(limit, [&](const auto& after) {
    return store.list_devices({filter, {limit, after}});
  });
}

std::vector<domain::DeviceSummary> all_summaries(Store& store, SummaryQuery query) {
  return all_pages<domain::DeviceSummary>(query.page.limit, [&](const auto& after) {
    query.page.after = after;
    return store.summarize(query);
  });
}

std::vector<std::int64_t> timestamps_of(const std::vector<Reading>& readings) {
  std::vector<std::int64_t> timestamps;
  timestamps.reserve(readings.size());
  for (const auto& reading : readings) {
    timestamps.push_back(reading.timestamp_ms);
  }
  return timestamps;
}

Reading with_battery(Reading reading, double battery) {
  reading.battery_level = battery;
  return reading;
}

std::optional<domain::DeviceSummary> expected_summary(const std::vector<Reading>& readings, std::int64_t from,
                                                      std::int64_t to) {
  domain::Rollup all;
  for (const auto& r : readings) {
    if (r.timestamp_ms >= from && r.timestamp_ms <= to) all.add(r);
  }
  if (all.empty()) return std::nullopt;
  return domain::to_summary(readings.front().device_id, all);
}

void expect_same_summary(const domain::DeviceSummary& actual, const domain::DeviceSummary& expected) {
  EXPECT_EQ(actual.device_id, expected.device_id);
  EXPECT_EQ(actual.count, expected.count);
  EXPECT_DOUBLE_EQ(actual.temperature.min, expected.temperature.min);
  EXPECT_DOUBLE_EQ(actual.temperature.max, expected.temperature.max);
  EXPECT_NEAR(actual.temperature.avg, expected.temperature.avg, 1e-9);
  EXPECT_DOUBLE_EQ(actual.humidity.min, expected.humidity.min);
  EXPECT_DOUBLE_EQ(actual.humidity.max, expected.humidity.max);
  EXPECT_NEAR(actual.humidity.avg, expected.humidity.avg, 1e-9);
  EXPECT_EQ(actual.battery_min, expected.battery_min);
  EXPECT_EQ(actual.latest_status, expected.latest_status);
  EXPECT_EQ(actual.latest_timestamp_ms, expected.latest_timestamp_ms);
}

domain::DeviceSummary one_summary(Store& store, const std::string& device, std::int64_t from,
                                  std::int64_t to) {
  auto page = store.summarize({.from_ms = from, .to_ms = to, .device_id = device});
  EXPECT_TRUE(page) << outcome(page);
  if (!page || page->items.size() != 1) {
    ADD_FAILURE() << "no summary of " << device;
    return {};
  }
  return page->items.front();
}

std::vector<domain::SeriesBucket> series_of(Store& store, const std::string& device, std::int64_t from,
                                            std::int64_t to, std::int64_t bucket) {
  auto buckets = store.series({.device_id = device, .from_ms = from, .to_ms = to, .bucket_ms = bucket});
  EXPECT_TRUE(buckets) << outcome(buckets);
  return buckets ? *buckets : std::vector<domain::SeriesBucket>{};
}

}  // namespace portfolio::storage::behaviour
