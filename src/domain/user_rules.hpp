#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/user.hpp"

namespace portfolio::domain {

// The rules a user must satisfy, independent of how the request arrived or where it is stored.
class UserRules {
 public:
  static constexpr std::size_t kMinUsername = 3;
  static constexpr std::size_t kMaxUsername = 50;
  static constexpr std::size_t kMaxEmail = 254;

  static std::vector<FieldError> check_username(std::string_view username);
  static std::vector<FieldError> check_email(std::string_view email);

  // A new user from a create request: username and email required, status defaults to active.
  static Result<User> create(const UserFields& fields, std::string user_id, const std::string& now);
  // PUT: every field required; keeps id and created_at.
  static Result<User> replace(const User& current, const UserFields& fields, const std::string& now);
  // PATCH: only present fields change; at least one must be present.
  static Result<User> patch(const User& current, const UserFields& fields, const std::string& now);
};

// The lower-case form that uniqueness is decided on.
std::string fold_case(std::string_view text);

// A random (version 4) UUID in canonical text form.
std::string new_user_id();
// True for a canonical UUID text (any version), so that junk ids can be answered without a lookup.
bool looks_like_uuid(std::string_view text);

}  // namespace portfolio::domain
