#include "storage/memory/memory_store.hpp"

#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "domain/user_rules.hpp"
#include "storage/position_token.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage {
namespace {

using domain::Error;
using domain::Reading;
using domain::User;

class MemoryStore final : public Store {
 public:
  std::string_view backend() const override { return "memory"; }

  Result<void> ping() override { return {}; }

  Result<void> create_user(const User& user) override {
    std::unique_lock lock(mutex_);
    if (auto taken = check_unique(user, nullptr); !taken) {
      return taken.error();
    }
    if (users_.contains(user.user_id)) {
      return Error::internal("user id already exists");
    }
    index(user);
    users_.emplace(user.user_id, user);
    return {};
  }

  Result<User> get_user(std::string_view user_id) override {
    std::shared_lock lock(mutex_);
    const auto it = users_.find(std::string(user_id));
    if (it == users_.end()) {
      return user_not_found();
    }
    return it->second;
  }

  Result<void> update_user(const User& before, const User& after) override {
    std::unique_lock lock(mutex_);
    const auto it = users_.find(before.user_id);
    if (it == users_.end()) {
      return user_not_found();
    }
    if (it->second.updated_at != before.updated_at) {
      return user_changed();
    }
    if (auto taken = check_unique(after, &it->second); !taken) {
      return taken.error();
    }
    unindex(it->second);
    it->second = after;
    it->second.user_id = before.user_id;
    index(it->second);
    return {};
  }

  Result<void> delete_user(std::string_view user_id) override {
    std::unique_lock lock(mutex_);
    const auto it = users_.find(std::string(user_id));
    if (it == users_.end()) {
      return user_not_found();
    }
    unindex(it->second);
    users_.erase(it);
    return {};
  }

  Result<domain::Page<User>> list_users(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return invalid_limit();
    }
    UserPosition start;
    if (page.after) {
      auto parsed = parse_user_position(*page.after);
      if (!parsed) {
        return invalid_position();
      }
      start = std::move(*parsed);
    }
    std::shared_lock lock(mutex_);
    domain::Page<User> result;
    auto it = page.after ? order_.upper_bound(start) : order_.begin();
    for (; it != order_.end() && result.items.size() < page.limit; ++it) {
      result.items.push_back(users_.at(it->second));
    }
    if (it != order_.end()) {
      result.next = user_position(result.items.back());
    }
    return result;
  }

  Result<void> put_reading(const Reading& reading) override { return put_readings(std::span(&reading, 1)); }

  Result<void> put_readings(std::span<const Reading> readings) override {
    std::unique_lock lock(mutex_);
    for (const auto& reading : readings) {
      readings_[reading.device_id].insert_or_assign(reading.timestamp_ms, reading);
    }
    return {};
  }

  Result<domain::Page<Reading>> device_history(const HistoryQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    const auto window = remaining_window(query);
    if (!window) {
      return window.error();
    }
    std::shared_lock lock(mutex_);
    const auto device = readings_.find(query.device_id);
    if (device == readings_.end()) {
      return device_not_found();
    }
    domain::Page<Reading> result;
    if (window->empty()) {
      return result;
    }
    const auto& series = device->second;
    const auto first = series.lower_bound(window->from_ms);
    const auto last = series.upper_bound(window->to_ms);
    // The same walk forwards or backwards; a reading beyond the page only says that more follow.
    auto take_page = [&](auto it, auto end) {
      for (; it != end; ++it) {
        if (result.items.size() == query.page.limit) {
          result.next = history_position(result.items.back());
          return;
        }
        result.items.push_back(it->second);
      }
    };
    if (query.order == SortOrder::ascending) {
      take_page(first, last);
    } else {
      take_page(std::make_reverse_iterator(last), std::make_reverse_iterator(first));
    }
    return result;
  }

  Result<domain::Page<domain::DeviceState>> list_devices(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return invalid_limit();
    }
    std::optional<std::string> after;
    if (page.after) {
      after = parse_device_position(*page.after);
      if (!after) {
        return invalid_position();
      }
    }
    std::shared_lock lock(mutex_);
    domain::Page<domain::DeviceState> result;
    auto it = after ? readings_.upper_bound(*after) : readings_.begin();
    for (; it != readings_.end() && result.items.size() < page.limit; ++it) {
      // The latest reading is the last of the device's series, so it is always current.
      result.items.push_back({it->first, it->second.rbegin()->second});
    }
    if (it != readings_.end()) {
      result.next = device_position(result.items.back().device_id);
    }
    return result;
  }

  Result<std::vector<domain::DeviceSummary>> summarize(const SummaryQuery& query) override {
    std::shared_lock lock(mutex_);
    std::vector<domain::DeviceSummary> summaries;
    auto summarize_device = [&](const std::string& device_id, const std::map<std::int64_t, Reading>& series) {
      const auto first = series.lower_bound(query.from_ms);
      const auto last = series.upper_bound(query.to_ms);
      if (query.from_ms > query.to_ms || first == last) {
        return;
      }
      domain::DeviceSummary summary;
      summary.device_id = device_id;
      summary.temperature = {first->second.temperature, first->second.temperature, 0};
      summary.humidity = {first->second.humidity, first->second.humidity, 0};
      double temperature_sum = 0;
      double humidity_sum = 0;
      for (auto it = first; it != last; ++it) {
        const auto& reading = it->second;
        ++summary.count;
        temperature_sum += reading.temperature;
        humidity_sum += reading.humidity;
        summary.temperature.min = std::min(summary.temperature.min, reading.temperature);
        summary.temperature.max = std::max(summary.temperature.max, reading.temperature);
        summary.humidity.min = std::min(summary.humidity.min, reading.humidity);
        summary.humidity.max = std::max(summary.humidity.max, reading.humidity);
        summary.latest_status = reading.status;
        summary.latest_timestamp_ms = reading.timestamp_ms;
      }
      summary.temperature.avg = temperature_sum / static_cast<double>(summary.count);
      summary.humidity.avg = humidity_sum / static_cast<double>(summary.count);
      summaries.push_back(std::move(summary));
    };
    if (query.device_id) {
      const auto it = readings_.find(*query.device_id);
      if (it != readings_.end()) {
        summarize_device(it->first, it->second);
      }
    } else {
      for (const auto& [device_id, series] : readings_) {
        summarize_device(device_id, series);
      }
    }
    return summaries;
  }

 private:
  // Fails when another user than `self` holds the username or e-mail of `user`.
  Result<void> check_unique(const User& user, const User* self) const {
    const auto username = by_username_.find(domain::fold_case(user.username));
    if (username != by_username_.end() && (self == nullptr || username->second != self->user_id)) {
      return username_taken();
    }
    const auto email = by_email_.find(domain::fold_case(user.email));
    if (email != by_email_.end() && (self == nullptr || email->second != self->user_id)) {
      return email_taken();
    }
    return {};
  }

  void index(const User& user) {
    by_username_.emplace(domain::fold_case(user.username), user.user_id);
    by_email_.emplace(domain::fold_case(user.email), user.user_id);
    order_.emplace(user_position_of(user), user.user_id);
  }

  void unindex(const User& user) {
    by_username_.erase(domain::fold_case(user.username));
    by_email_.erase(domain::fold_case(user.email));
    order_.erase(user_position_of(user));
  }

  std::shared_mutex mutex_;
  std::unordered_map<std::string, User> users_;
  std::unordered_map<std::string, std::string> by_username_;         // folded username -> user_id
  std::unordered_map<std::string, std::string> by_email_;            // folded e-mail -> user_id
  std::map<UserPosition, std::string> order_;                        // listing order -> user_id
  std::map<std::string, std::map<std::int64_t, Reading>> readings_;  // device -> timestamp -> reading
};

}  // namespace

std::unique_ptr<Store> make_memory_store() {
  return std::make_unique<MemoryStore>();
}

}  // namespace portfolio::storage
