#include "domain/user_rules.hpp"

#include <gtest/gtest.h>

namespace portfolio::domain {
namespace {

UserFields fields(std::optional<std::string> username, std::optional<std::string> email,
                  std::optional<UserStatus> status = std::nullopt) {
  return {std::move(username), std::move(email), status};
}

TEST(UserRules, UsernameIs3To50WordCharacters) {
  EXPECT_TRUE(UserRules::check_username("abc").empty());
  EXPECT_TRUE(UserRules::check_username(std::string(50, 'a')).empty());
  EXPECT_TRUE(UserRules::check_username("Alice_01").empty());
  for (const auto* bad : {"ab", "", "with space", "dash-no", "dot.no", "ünï", "semi;colon"}) {
    EXPECT_EQ(UserRules::check_username(bad).size(), 1U) << bad;
  }
  EXPECT_FALSE(UserRules::check_username(std::string(51, 'a')).empty());
}

TEST(UserRules, EmailAcceptsOrdinaryAddressesOnly) {
  for (const auto* good : {"a@b.co", "first.last+tag@sub.example.com", "x_y@e-x.org"}) {
    EXPECT_TRUE(UserRules::check_email(good).empty()) << good;
  }
  for (const auto* bad : {"", "plain", "@example.com", "a@", "a@b", "a@@b.co", "a b@c.de", "a@-b.co",
                          "a@b-.co", "a@b..co", ".a@b.co", "a.@b.co", "a..b@c.de", "a@b.co."}) {
    EXPECT_FALSE(UserRules::check_email(bad).empty()) << bad;
  }
  EXPECT_FALSE(UserRules::check_email(std::string(250, 'a') + "@b.co").empty());
}

TEST(UserRules, CreateRequiresUsernameAndEmailAndDefaultsToActive) {
  auto user = UserRules::create(fields("alice", "alice@example.com"), "id-1", "2026-01-01T00:00:00.000Z");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->status, UserStatus::active);
  EXPECT_EQ(user->created_at, user->updated_at);
  auto missing = UserRules::create(fields(std::nullopt, std::nullopt), "id-2", "t");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::validation_error);
  EXPECT_EQ(missing.error().details,
            (std::vector<FieldError>{{"username", "is required"}, {"email", "is required"}}));
}

TEST(UserRules, ReplaceNeedsEveryFieldWithoutADefaultAndKeepsIdentity) {
  const User current{"id", "old_name", "old@example.com", UserStatus::inactive, "created", "updated"};
  // A status left out takes its default, not the current value.
  auto defaulted = UserRules::replace(current, fields("new_name", "new@example.com"), "now");
  ASSERT_TRUE(defaulted);
  EXPECT_EQ(defaulted->status, UserStatus::active);
  auto next = UserRules::replace(current, fields("new_name", "new@example.com", UserStatus::inactive), "now");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->user_id, "id");
  EXPECT_EQ(next->created_at, "created");
  EXPECT_EQ(next->updated_at, "now");
  EXPECT_EQ(next->status, UserStatus::inactive);
}

TEST(UserRules, PatchChangesOnlyPresentFieldsAndNeedsOne) {
  const User current{"id", "name", "mail@example.com", UserStatus::active, "c", "u"};
  EXPECT_FALSE(UserRules::patch(current, fields(std::nullopt, std::nullopt), "now"));
  auto next = UserRules::patch(current, fields(std::nullopt, std::nullopt, UserStatus::inactive), "now");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->username, "name");
  EXPECT_EQ(next->status, UserStatus::inactive);
  auto bad = UserRules::patch(current, fields("x", std::nullopt), "now");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().details.at(0).field, "username");
}

TEST(UserIds, AreVersion4UuidsAndRecognised) {
  const auto id = new_user_id();
  EXPECT_TRUE(looks_like_uuid(id));
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(new_user_id(), id);
  EXPECT_FALSE(looks_like_uuid("not-a-uuid"));
  EXPECT_FALSE(looks_like_uuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(looks_like_uuid("123e4567e89b-12d3-a456-4266141740000"));
}

TEST(FoldCase, LowersAsciiForUniqueness) {
  EXPECT_EQ(fold_case("Alice_01@Example.COM"), "alice_01@example.com");
}

}  // namespace
}  // namespace portfolio::domain
