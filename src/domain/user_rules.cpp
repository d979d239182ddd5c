#include "domain/user_rules.hpp"

#include <algorithm>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cctype>

#include "domain/text_length.hpp"

namespace portfolio::domain {
namespace {

bool is_username_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// A deliberately modest check: one '@', a non-empty local part of printable ASCII without spaces, and
// a domain of dot-separated labels of letters, digits and hyphens with at least one dot. Exotic but
// valid RFC 5321 forms (quoted local parts, IP literals) are refused on purpose.
bool is_valid_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.size() > 64 || domain.empty() || domain.size() > 253) return false;
  const auto local_ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
  };
  if (!std::all_of(local.begin(), local.end(), local_ok) || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  std::size_t dots = 0;
  std::size_t label_len = 0;
  char prev = '.';
  for (const char c : domain) {
    if (c == '.') {
      if (label_len == 0 || prev == '-') return false;
      ++dots;
      label_len = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) != 0 || (c == '-' && label_len > 0)) {
      if (++label_len > 63) return false;
    } else {
      return false;
    }
    prev = c;
  }
  return dots > 0 && label_len > 0 && prev != '-';
}

std::vector<FieldError> check_fields(const UserFields& fields, bool all_required) {
  std::vector<FieldError> errors;
  if (fields.username) {
    auto e = UserRules::check_username(*fields.username);
    errors.insert(errors.end(), e.begin(), e.end());
  } else if (all_required) {
    errors.push_back({"username", "is required"});
  }
  if (fields.email) {
    auto e = UserRules::check_email(*fields.email);
    errors.insert(errors.end(), e.begin(), e.end());
  } else if (all_required) {
    errors.push_back({"email", "is required"});
  }
  return errors;
}

}  // namespace

std::vector<FieldError> UserRules::check_username(std::string_view username) {
  const auto length = character_count(username);
  if (length < kMinUsername || length > kMaxUsername ||
      !std::all_of(username.begin(), username.end(), is_username_char)) {
    return {{"username", "must be 3-50 characters of A-Z, a-z, 0-9 or _"}};
  }
  return {};
}

std::vector<FieldError> UserRules::check_email(std::string_view email) {
  if (email.size() > kMaxEmail || !is_valid_email(email)) {
    return {{"email", "must be a valid e-mail address"}};
  }
  return {};
}

Result<User> UserRules::create(const UserFields& fields, std::string user_id, const std::string& now) {
  if (auto errors = check_fields(fields, true); !errors.empty())
    return Error::invalid_fields(std::move(errors));
  return User{std::move(user_id),
              *fields.username,
              *fields.email,
              fields.status.value_or(UserStatus::active),
              now,
              now};
}

Result<User> UserRules::replace(const User& current, const UserFields& fields, const std::string& now) {
  // A replacement, like a creation, gives fields that have a default (status) their default.
  auto errors = check_fields(fields, true);
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return User{current.user_id,    *fields.username,
              *fields.email,      fields.status.value_or(UserStatus::active),
              current.created_at, now};
}

Result<User> UserRules::patch(const User& current, const UserFields& fields, const std::string& now) {
  if (!fields.username && !fields.email && !fields.status) {
    return Error::invalid_fields({{"body", "must set at least one of username, email, status"}});
  }
  if (auto errors = check_fields(fields, false); !errors.empty())
    return Error::invalid_fields(std::move(errors));
  User next = current;
  if (fields.username) next.username = *fields.username;
  if (fields.email) next.email = *fields.email;
  if (fields.status) next.status = *fields.status;
  next.updated_at = now;
  return next;
}

std::string fold_case(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string new_user_id() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

bool looks_like_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

}  // namespace portfolio::domain
