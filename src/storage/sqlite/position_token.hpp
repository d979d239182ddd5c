#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/reading.hpp"
#include "domain/user.hpp"

namespace portfolio::storage::sqlite {

// Where a listing resumes: the key of the last item of the previous page. The prefix names the
// listing, so a token of one listing is not taken for another.
//   users   "u:<created_at>|<user_id>"   (users are listed by creation time, then id)
//   history "h:<timestamp_ms>"
//   devices "d:<device_id>"
struct UserPosition {
  std::string created_at;
  std::string user_id;
};

std::string user_position(const domain::User& user);
std::string history_position(const domain::Reading& reading);
std::string device_position(std::string_view device_id);

std::optional<UserPosition> parse_user_position(std::string_view token);
std::optional<std::int64_t> parse_history_position(std::string_view token);
std::optional<std::string> parse_device_position(std::string_view token);

}  // namespace portfolio::storage::sqlite
