#include "storage/position_token.hpp"

#include <algorithm>
#include <charconv>

#include "domain/reading_rules.hpp"
#include "domain/user_rules.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage {

UserPosition user_position_of(const domain::User& user) {
  return {user.created_at, user.user_id};
}

std::string user_position(const domain::User& user) {
  return "u:" + user.created_at + "|" + user.user_id;
}

std::string history_position(const domain::Reading& reading) {
  return "h:" + std::to_string(reading.timestamp_ms);
}

std::string device_position(std::string_view device_id) {
  return "d:" + std::string(device_id);
}

std::optional<UserPosition> parse_user_position(std::string_view token) {
  if (!token.starts_with("u:")) {
    return std::nullopt;
  }
  token.remove_prefix(2);
  const auto bar = token.find('|');
  if (bar == std::string_view::npos || bar == 0 || !domain::looks_like_uuid(token.substr(bar + 1))) {
    return std::nullopt;
  }
  return UserPosition{std::string(token.substr(0, bar)), std::string(token.substr(bar + 1))};
}

std::optional<std::int64_t> parse_history_position(std::string_view token) {
  if (!token.starts_with("h:") || token.size() == 2) {
    return std::nullopt;
  }
  token.remove_prefix(2);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> parse_device_position(std::string_view token) {
  if (!token.starts_with("d:") || !domain::ReadingRules::check_device_id(token.substr(2)).empty()) {
    return std::nullopt;
  }
  return std::string(token.substr(2));
}

Result<TimeWindow> remaining_window(const HistoryQuery& query) {
  TimeWindow window{query.from_ms, query.to_ms};
  if (!query.page.after) {
    return window;
  }
  const auto last = parse_history_position(*query.page.after);
  if (!last) {
    return invalid_position();
  }
  // Nothing lies beyond the end of the time line; the checks keep last +/- 1 from overflowing.
  constexpr TimeWindow nothing{INT64_MAX, INT64_MIN};
  if (query.order == SortOrder::ascending) {
    if (*last == INT64_MAX) {
      return nothing;
    }
    window.from_ms = std::max(window.from_ms, *last + 1);
  } else {
    if (*last == INT64_MIN) {
      return nothing;
    }
    window.to_ms = std::min(window.to_ms, *last - 1);
  }
  return window;
}

}  // namespace portfolio::storage
