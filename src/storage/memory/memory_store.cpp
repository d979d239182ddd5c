#include "storage/memory/memory_store.hpp"

#include <charconv>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "domain/reading_rules.hpp"
#include "domain/user_rules.hpp"

namespace portfolio::storage {
namespace {

using domain::Error;
using domain::ErrorCode;
using domain::Reading;
using domain::User;

// Position tokens: "u:<created_at>|<user_id>" for users, "h:<timestamp_ms>" for history and
// "d:<device_id>" for devices. The prefix lets a token of one list be told from another.
using UserKey = std::pair<std::string, std::string>;  // (created_at, user_id): the listing order

std::string user_token(const User& user) {
  return "u:" + user.created_at + "|" + user.user_id;
}

std::optional<UserKey> parse_user_token(std::string_view token) {
  if (!token.starts_with("u:")) {
    return std::nullopt;
  }
  token.remove_prefix(2);
  const auto bar = token.find('|');
  if (bar == std::string_view::npos || bar == 0 || !domain::looks_like_uuid(token.substr(bar + 1))) {
    return std::nullopt;
  }
  return UserKey{std::string(token.substr(0, bar)), std::string(token.substr(bar + 1))};
}

std::optional<std::int64_t> parse_history_token(std::string_view token) {
  if (!token.starts_with("h:")) {
    return std::nullopt;
  }
  token.remove_prefix(2);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || token.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> parse_device_token(std::string_view token) {
  if (!token.starts_with("d:") || !domain::ReadingRules::check_device_id(token.substr(2)).empty()) {
    return std::nullopt;
  }
  return std::string(token.substr(2));
}

Error bad_token() {
  return Error::field("cursor", "is not a valid position");
}
Error bad_limit() {
  return Error::field("limit", "must be positive");
}
Error user_not_found() {
  return {ErrorCode::user_not_found, "user not found", {}};
}

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
      return Error{ErrorCode::conflict, "the user was changed by another request", {}};
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
      return bad_limit();
    }
    UserKey start;
    if (page.after) {
      auto parsed = parse_user_token(*page.after);
      if (!parsed) {
        return bad_token();
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
      result.next = user_token(result.items.back());
    }
    return result;
  }

  Result<void> put_reading(const Reading& reading) override {
    std::unique_lock lock(mutex_);
    readings_[reading.device_id].insert_or_assign(reading.timestamp_ms, reading);
    return {};
  }

  Result<void> put_readings(std::span<const Reading> readings) override {
    std::unique_lock lock(mutex_);
    for (const auto& reading : readings) {
      readings_[reading.device_id].insert_or_assign(reading.timestamp_ms, reading);
    }
    return {};
  }

  Result<domain::Page<Reading>> device_history(const HistoryQuery& query) override {
    if (query.page.limit == 0) {
      return bad_limit();
    }
    std::int64_t from = query.from_ms;
    std::int64_t to = query.to_ms;
    const bool ascending = query.order == SortOrder::ascending;
    bool exhausted = false;
    if (query.page.after) {
      const auto position = parse_history_token(*query.page.after);
      if (!position) {
        return bad_token();
      }
      // Resuming narrows the window to the far side of the last timestamp returned.
      if (ascending) {
        exhausted = *position == INT64_MAX;
        if (!exhausted) {
          from = std::max(from, *position + 1);
        }
      } else {
        exhausted = *position == INT64_MIN;
        if (!exhausted) {
          to = std::min(to, *position - 1);
        }
      }
    }
    std::shared_lock lock(mutex_);
    const auto device = readings_.find(query.device_id);
    if (device == readings_.end()) {
      return Error{ErrorCode::device_not_found, "device not found", {}};
    }
    domain::Page<Reading> result;
    if (exhausted || from > to) {
      return result;
    }
    const auto& series = device->second;
    const auto first = series.lower_bound(from);
    const auto last = series.upper_bound(to);
    bool more = false;
    if (ascending) {
      for (auto it = first; it != last; ++it) {
        if (result.items.size() == query.page.limit) {
          more = true;
          break;
        }
        result.items.push_back(it->second);
      }
    } else {
      for (auto it = std::make_reverse_iterator(last); it != std::make_reverse_iterator(first); ++it) {
        if (result.items.size() == query.page.limit) {
          more = true;
          break;
        }
        result.items.push_back(it->second);
      }
    }
    if (more) {
      result.next = "h:" + std::to_string(result.items.back().timestamp_ms);
    }
    return result;
  }

  Result<domain::Page<domain::DeviceState>> list_devices(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return bad_limit();
    }
    std::optional<std::string> after;
    if (page.after) {
      after = parse_device_token(*page.after);
      if (!after) {
        return bad_token();
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
      result.next = "d:" + result.items.back().device_id;
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
      return Error{ErrorCode::duplicate_username, "username is already taken", {}};
    }
    const auto email = by_email_.find(domain::fold_case(user.email));
    if (email != by_email_.end() && (self == nullptr || email->second != self->user_id)) {
      return Error{ErrorCode::duplicate_email, "email is already registered", {}};
    }
    return {};
  }

  void index(const User& user) {
    by_username_.emplace(domain::fold_case(user.username), user.user_id);
    by_email_.emplace(domain::fold_case(user.email), user.user_id);
    order_.emplace(UserKey{user.created_at, user.user_id}, user.user_id);
  }

  void unindex(const User& user) {
    by_username_.erase(domain::fold_case(user.username));
    by_email_.erase(domain::fold_case(user.email));
    order_.erase(UserKey{user.created_at, user.user_id});
  }

  std::shared_mutex mutex_;
  std::unordered_map<std::string, User> users_;
  std::unordered_map<std::string, std::string> by_username_;         // folded username -> user_id
  std::unordered_map<std::string, std::string> by_email_;            // folded e-mail -> user_id
  std::map<UserKey, std::string> order_;                             // listing order -> user_id
  std::map<std::string, std::map<std::int64_t, Reading>> readings_;  // device -> timestamp -> reading
};

}  // namespace

std::unique_ptr<Store> make_memory_store() {
  return std::make_unique<MemoryStore>();
}

}  // namespace portfolio::storage
