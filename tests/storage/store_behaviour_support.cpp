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

}  // namespace portfolio::storage::behaviour
