#pragma once

#include <optional>
#include <string>

namespace portfolio::domain {

enum class UserStatus { active, inactive };

struct User {
  std::string user_id;   // UUID v4, server-generated
  std::string username;  // as given; uniqueness compares the lower-case form
  std::string email;     // as given; uniqueness compares the lower-case form
  UserStatus status = UserStatus::active;
  std::string created_at;  // ISO-8601 UTC with milliseconds
  std::string updated_at;

  bool operator==(const User&) const = default;
};

// Fields a client may send. Absent fields are nullopt; for PATCH only present ones change.
struct UserFields {
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<UserStatus> status;
};

std::string_view to_string(UserStatus status);
std::optional<UserStatus> parse_user_status(std::string_view text);

}  // namespace portfolio::domain
