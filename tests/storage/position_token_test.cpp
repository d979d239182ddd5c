#include "storage/position_token.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace portfolio::storage {
namespace {

constexpr const char* kUserId = "0b7f5e2a-8c1d-4e3f-9a6b-2d4c8e1f0a3b";

TEST(PositionToken, EachListingReadsBackItsOwnPosition) {
  domain::User user;
  user.user_id = kUserId;
  user.created_at = "2025-11-28T09:00:00.000Z";
  const auto parsed_user = parse_user_position(user_position(user));
  ASSERT_TRUE(parsed_user.has_value());
  EXPECT_EQ(*parsed_user, user_position_of(user));

  domain::Reading reading;
  reading.timestamp_ms = -42;
  EXPECT_EQ(parse_history_position(history_position(reading)), -42);

  EXPECT_EQ(parse_device_position(device_position("dev-7")), "dev-7");
}

TEST(PositionToken, ATokenOfAnotherListingOrMalformedIsRefused) {
  const std::string user = std::string("u:2025-11-28T09:00:00.000Z|") + kUserId;
  EXPECT_FALSE(parse_history_position(user));
  EXPECT_FALSE(parse_device_position("h:12"));
  EXPECT_FALSE(parse_user_position("d:dev-7"));
  for (const char* token : {"h:", "h:12x", "h: 12", "h:99999999999999999999", "12"}) {
    EXPECT_FALSE(parse_history_position(token)) << token;
  }
  for (const std::string& token :
       {std::string("u:|") + kUserId, std::string("u:2025"), std::string("u:2025|not-a-uuid")}) {
    EXPECT_FALSE(parse_user_position(token)) << token;
  }
  EXPECT_FALSE(parse_device_position("d:"));
}

TEST(PositionToken, UsersAreOrderedByCreationThenId) {
  const UserPosition early{"2025-01-01T00:00:00.000Z", "b"};
  const UserPosition later{"2025-01-02T00:00:00.000Z", "a"};
  const UserPosition later_higher_id{"2025-01-02T00:00:00.000Z", "b"};
  EXPECT_LT(early, later);
  EXPECT_LT(later, later_higher_id);
}

HistoryQuery history(SortOrder order, std::optional<std::string> after) {
  HistoryQuery query;
  query.device_id = "dev-1";
  query.from_ms = 100;
  query.to_ms = 200;
  query.order = order;
  query.page.after = std::move(after);
  return query;
}

TEST(RemainingWindow, WithoutAPositionItIsTheQuerysWindow) {
  const auto window = remaining_window(history(SortOrder::descending, std::nullopt));
  ASSERT_TRUE(window);
  EXPECT_EQ(window->from_ms, 100);
  EXPECT_EQ(window->to_ms, 200);
}

TEST(RemainingWindow, ResumesBeyondTheLastTimestampInTheQuerysOrder) {
  const auto ascending = remaining_window(history(SortOrder::ascending, "h:150"));
  ASSERT_TRUE(ascending);
  EXPECT_EQ(ascending->from_ms, 151);
  EXPECT_EQ(ascending->to_ms, 200);
  const auto descending = remaining_window(history(SortOrder::descending, "h:150"));
  ASSERT_TRUE(descending);
  EXPECT_EQ(descending->from_ms, 100);
  EXPECT_EQ(descending->to_ms, 149);
}

TEST(RemainingWindow, APositionOutsideTheWindowKeepsItInsideTheQuery) {
  const auto before = remaining_window(history(SortOrder::ascending, "h:5"));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->from_ms, 100);
  const auto past = remaining_window(history(SortOrder::ascending, "h:500"));
  ASSERT_TRUE(past);
  EXPECT_TRUE(past->empty());
}

// The ends of the time line: nothing follows them, and computing "one past" must not overflow
// (the sanitizer build aborts on signed overflow).
TEST(RemainingWindow, NothingFollowsTheEndsOfTheTimeLine) {
  auto ascending = history(SortOrder::ascending, "h:" + std::to_string(INT64_MAX));
  ascending.to_ms = INT64_MAX;
  const auto after_max = remaining_window(ascending);
  ASSERT_TRUE(after_max);
  EXPECT_TRUE(after_max->empty());

  auto descending = history(SortOrder::descending, "h:" + std::to_string(INT64_MIN));
  descending.from_ms = INT64_MIN;
  const auto before_min = remaining_window(descending);
  ASSERT_TRUE(before_min);
  EXPECT_TRUE(before_min->empty());
}

TEST(RemainingWindow, AForeignTokenIsAValidationErrorOnTheCursor) {
  const auto window = remaining_window(history(SortOrder::ascending, "d:dev-1"));
  ASSERT_FALSE(window);
  EXPECT_EQ(window.error().code, domain::ErrorCode::validation_error);
  ASSERT_EQ(window.error().details.size(), 1U);
  EXPECT_EQ(window.error().details[0].field, "cursor");
}

}  // namespace
}  // namespace portfolio::storage
