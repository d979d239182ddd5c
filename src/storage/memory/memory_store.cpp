#include "storage/memory/memory_store.hpp"

#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "domain/user_rules.hpp"
#include "storage/device_filter.hpp"
#include "storage/position_token.hpp"
#include "storage/rollup_query.hpp"
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
      auto& series = readings_[reading.device_id];
      series.insert_or_assign(reading.timestamp_ms, reading);
      // Rebuilt from the raw readings of the bucket: exact whether the reading is new or replaces one.
      const auto hour = domain::bucket_start(reading.timestamp_ms, domain::kHourMs);
      std::vector<Reading> in_hour;
      for (auto it = series.lower_bound(hour); it != series.end() && it->first < hour + domain::kHourMs;
           ++it) {
        in_hour.push_back(it->second);
      }
      auto& hours = hours_[reading.device_id];
      hours[hour] = rollup_of(hour, in_hour);
      const auto day = domain::bucket_start(reading.timestamp_ms, domain::kDayMs);
      domain::Rollup in_day;
      for (auto it = hours.lower_bound(day); it != hours.end() && it->first < day + domain::kDayMs; ++it) {
        in_day.merge(it->second);
      }
      in_day.start_ms = day;
      days_[reading.device_id][day] = in_day;
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

  Result<domain::Page<domain::DeviceState>> list_devices(const DeviceQuery& query) override {
    const auto& page = query.page;
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
    if (query.filter.prefix && (!after || *after < *query.filter.prefix)) {
      it = readings_.lower_bound(*query.filter.prefix);
    }
    for (; it != readings_.end(); ++it) {
      if (query.filter.prefix && !it->first.starts_with(*query.filter.prefix)) {
        break;  // ids with the prefix are contiguous in id order
      }
      // The latest reading is the last of the device's series, so it is always current.
      const auto& latest = it->second.rbegin()->second;
      if (!device_passes(query.filter, latest)) {
        continue;
      }
      if (result.items.size() == page.limit) {
        result.next = device_position(result.items.back().device_id);
        break;
      }
      result.items.push_back({it->first, latest});
    }
    return result;
  }

  Result<domain::DeviceStats> device_stats(const StatsQuery& query) override {
    std::shared_lock lock(mutex_);
    domain::DeviceStats stats;
    for (const auto& [device_id, series] : readings_) {
      stats.count(series.rbegin()->second, query.online_since_ms, query.low_battery_below);
    }
    return stats;
  }

  Result<domain::Page<domain::DeviceSummary>> summarize(const SummaryQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    std::optional<std::string> after;
    if (query.page.after) {
      after = parse_device_position(*query.page.after);
      if (!after) {
        return invalid_position();
      }
    }
    std::shared_lock lock(mutex_);
    domain::Page<domain::DeviceSummary> result;
    Source source(*this);
    auto it = after ? readings_.upper_bound(*after) : readings_.begin();
    if (query.device_id) {
      it = after ? readings_.end() : readings_.find(*query.device_id);
    }
    std::size_t visited = 0;
    for (; it != readings_.end(); ++it) {
      if (visited == query.page.limit) {
        result.next = device_position(std::prev(it)->first);
        break;
      }
      ++visited;
      auto summary = summarize_device(source, it->first, query.from_ms, query.to_ms);
      if (!summary) {
        return summary.error();
      }
      if (*summary) {
        result.items.push_back(std::move(**summary));
      }
      if (query.device_id) {
        break;
      }
    }
    return result;
  }

  Result<std::vector<domain::SeriesBucket>> series(const SeriesQuery& query) override {
    std::shared_lock lock(mutex_);
    if (!readings_.contains(query.device_id)) {
      return device_not_found();
    }
    Source source(*this);
    return series_of(source, query);
  }

  Result<std::size_t> sweep_readings(std::int64_t before_ms, std::size_t max_readings) override {
    std::unique_lock lock(mutex_);
    std::size_t deleted = 0;
    for (auto& [device_id, series] : readings_) {
      // A device keeps its newest reading, so that it stays known with its latest state.
      while (deleted < max_readings && series.size() > 1 && series.begin()->first < before_ms) {
        series.erase(series.begin());
        ++deleted;
      }
    }
    return deleted;
  }

 private:
  // The window arithmetic's view of this store; the caller holds the lock.
  class Source final : public RollupSource {
   public:
    explicit Source(const MemoryStore& store) : store_(store) {}
    Result<std::vector<Reading>> readings_between(std::string_view device_id, std::int64_t from_ms,
                                                  std::int64_t to_ms) override {
      std::vector<Reading> out;
      const auto device = store_.readings_.find(std::string(device_id));
      if (device == store_.readings_.end()) return out;
      for (auto it = device->second.lower_bound(from_ms); it != device->second.end() && it->first < to_ms;
           ++it) {
        out.push_back(it->second);
      }
      return out;
    }
    Result<std::vector<domain::Rollup>> rollups_between(std::string_view device_id, RollupGrain grain,
                                                        std::int64_t from_ms, std::int64_t to_ms) override {
      const auto& all = grain == RollupGrain::hour ? store_.hours_ : store_.days_;
      std::vector<domain::Rollup> out;
      const auto device = all.find(std::string(device_id));
      if (device == all.end()) return out;
      for (auto it = device->second.lower_bound(from_ms); it != device->second.end() && it->first < to_ms;
           ++it) {
        out.push_back(it->second);
      }
      return out;
    }

   private:
    const MemoryStore& store_;
  };

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
  std::unordered_map<std::string, std::string> by_username_;             // folded username -> user_id
  std::unordered_map<std::string, std::string> by_email_;                // folded e-mail -> user_id
  std::map<UserPosition, std::string> order_;                            // listing order -> user_id
  std::map<std::string, std::map<std::int64_t, Reading>> readings_;      // device -> timestamp -> reading
  std::map<std::string, std::map<std::int64_t, domain::Rollup>> hours_;  // device -> hour -> rollup
  std::map<std::string, std::map<std::int64_t, domain::Rollup>> days_;   // device -> day -> rollup
};

}  // namespace

std::unique_ptr<Store> make_memory_store() {
  return std::make_unique<MemoryStore>();
}

}  // namespace portfolio::storage
