#include "api/user_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/json_codec.hpp"
#include "json/json_text.hpp"

namespace portfolio::api {
namespace {
using domain::User;
using domain::UserStatus;

// The DOM path the user read took before: to_json(user), then add_image_url's member.
std::string dom_text(const User& user, const std::optional<std::string>& image_url) {
  auto body = to_json(user);
  if (image_url) body["image_url"] = *image_url;
  return portfolio::json::to_text(body);
}

TEST(UserText, IsByteForByteTheDomText) {
  const std::vector<User> users{
      {"0b7f6c1e-3a8e-4d5f-9c2b-1a2b3c4d5e6f", "alice", "alice@example.com", UserStatus::active,
       "2026-12-01T10:00:00.000Z", "2026-12-01T10:00:00.000Z"},
      {"id", "B\xc3\xa9 \"quoted\" \\ \n\t\x01", "e\x7f@x", UserStatus::inactive, "", "later"},
  };
  for (const auto& user : users) {
    for (const auto& url :
         {std::optional<std::string>{}, std::optional<std::string>{"/api/v1/users/id/avatar"}}) {
      EXPECT_EQ(user_text(user, url), dom_text(user, url));
    }
  }
}

TEST(UserText, WritesTheDocumentedMembersInOrder) {
  const User user{"u", "n", "e", UserStatus::active, "c", "m"};
  EXPECT_EQ(
      user_text(user, std::nullopt),
      R"({"user_id":"u","username":"n","email":"e","status":"active","created_at":"c","updated_at":"m"})");
  EXPECT_EQ(
      user_text(user, "/a"),
      R"({"user_id":"u","username":"n","email":"e","status":"active","created_at":"c","updated_at":"m",)"
      R"("image_url":"/a"})");
}

}  // namespace
}  // namespace portfolio::api
