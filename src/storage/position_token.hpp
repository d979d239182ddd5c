#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "domain/reading.hpp"
#include "domain/user.hpp"
#include "storage/store.hpp"

namespace portfolio::storage {

// Where a listing of the embedded and in-memory stores resumes: the key of the last item of the
// previous page. The prefix names the listing, so a token of one listing is not taken for another.
//   users   "u:<created_at>|<user_id>"   (users are listed by creation time, then id)
//   history "h:<timestamp_ms>"
//   devices "d:<device_id>"
// (The DynamoDB store uses DynamoDB's own LastEvaluatedKey instead.)
struct UserPosition {
  std::string created_at;
  std::string user_id;

  bool operator==(const UserPosition&) const = default;
  // The listing order: by creation time, then id. (A defaulted <=> would say the same, but
  // clang-tidy 14 misreads it as a literal 0 for a null pointer.)
  bool operator<(const UserPosition& other) const {
    return std::tie(created_at, user_id) < std::tie(other.created_at, other.user_id);
  }
};

UserPosition user_position_of(const domain::User& user);

std::string user_position(const domain::User& user);
std::string history_position(const domain::Reading& reading);
std::string device_position(std::string_view device_id);

// nullopt when the token is not one of the named listing.
std::optional<UserPosition> parse_user_position(std::string_view token);
std::optional<std::int64_t> parse_history_position(std::string_view token);
std::optional<std::string> parse_device_position(std::string_view token);

// The inclusive time window a history page reads.
struct TimeWindow {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;

  bool empty() const { return from_ms > to_ms; }
};

// The query's window, narrowed to the far side (in the query's order) of the timestamp its
// position token names; empty once nothing can follow. invalid_position() when the token is not
// a history position.
Result<TimeWindow> remaining_window(const HistoryQuery& query);

}  // namespace portfolio::storage
