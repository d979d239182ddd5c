// Item and position-token encoding of the DynamoDB store: exact number round trips and strict
// position tokens. Pure functions, no emulator.
#include <gtest/gtest.h>

#include <array>
#include <charconv>
#include <cmath>

#include "storage/dynamodb/item_codec.hpp"
#include "storage/dynamodb/position_token.hpp"

namespace portfolio::storage::dynamodb {
namespace {

constexpr std::array<KeyAttribute, 2> kReadingKey{{{"device_id", 'S'}, {"timestamp", 'N'}}};

TEST(ItemCodecTest, NumbersRoundTripExactlyWithoutExponents) {
  for (double value : {0.0, 0.1, 21.5, -12.5, 99.75, 1e-7, 100.0, -50.0, 0.1 + 0.2, 100.0 / 3.0,
                       std::nextafter(21.5, 100.0), 5e-324}) {
    const std::string text = format_number(value);
    EXPECT_EQ(text.find_first_of("eE"), std::string::npos) << text;
    double back = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(ec, std::errc{}) << text;
    EXPECT_EQ(back, value) << text;
  }
  EXPECT_EQ(format_number(21.5), "21.5");
  EXPECT_EQ(format_number(40.0), "40");
}

TEST(ItemCodecTest, ReadingsRoundTripWithAndWithoutOptionalFields) {
  domain::Reading full{"sensor-01",
                       1764324000123,
                       -12.345678901234567,
                       99.75,
                       domain::DeviceStatus::maintenance,
                       87.5,
                       std::string("lab \"north\"")};
  auto back = reading_from_item(reading_item(full));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, full);
  domain::Reading bare{"d", 946684800000, 0, 100, domain::DeviceStatus::error, std::nullopt, std::nullopt};
  const auto item = reading_item(bare);
  EXPECT_FALSE(item.contains("battery_level"));
  EXPECT_FALSE(item.contains("location"));
  EXPECT_EQ(reading_from_item(item), bare);
  EXPECT_EQ(item.at("timestamp").at("N"), "946684800000");
}

TEST(ItemCodecTest, UnreadableItemsAreRejected) {
  auto item = reading_item({"d", 1, 1, 1, domain::DeviceStatus::active, std::nullopt, std::nullopt});
  item["status"] = string_value("exploded");
  EXPECT_FALSE(reading_from_item(item));
  item = reading_item({"d", 1, 1, 1, domain::DeviceStatus::active, std::nullopt, std::nullopt});
  item["temperature"] = boost::json::object{{"N", "warm"}};
  EXPECT_FALSE(reading_from_item(item));
  EXPECT_FALSE(user_from_item({}));
}

TEST(ItemCodecTest, UsersRoundTripAndMarkersIgnoreCase) {
  domain::User user{"0f8e3a56-0000-4000-8000-000000000001",
                    "Alice_01",
                    "Alice@Example.com",
                    domain::UserStatus::inactive,
                    "2026-11-28T10:00:00.000Z",
                    "2026-11-28T10:00:01.000Z"};
  EXPECT_EQ(user_from_item(user_item(user)), user);
  EXPECT_EQ(username_marker("Alice_01"), "username#alice_01");
  EXPECT_EQ(email_marker("Alice@Example.COM"), "email#alice@example.com");
}

TEST(PositionTokenTest, RoundTripsTheKeyOfAnItem) {
  const auto item = reading_item({"sensor-01", 1764324000000, 1, 2, domain::DeviceStatus::active, 3.0, "x"});
  const std::string token = encode_position(key_of(item, kReadingKey));
  EXPECT_EQ(token, R"({"device_id":{"S":"sensor-01"},"timestamp":{"N":"1764324000000"}})");
  auto key = decode_position(token, kReadingKey);
  ASSERT_TRUE(key);
  EXPECT_EQ(encode_position(*key), token);
}

TEST(PositionTokenTest, RejectsAnythingButTheExactFormItWrites) {
  for (const std::string& token : {
           std::string{},
           std::string("{}"),
           std::string("[]"),
           std::string(R"({"timestamp":{"N":"1"},"device_id":{"S":"a"}})"),                // reordered
           std::string(R"({"device_id": {"S":"a"},"timestamp":{"N":"1"}})"),               // spacing
           std::string(R"({"device_id":{"N":"1"},"timestamp":{"N":"1"}})"),                // wrong type
           std::string(R"({"device_id":{"S":"a"},"timestamp":{"N":"1.5"}})"),              // not an integer
           std::string(R"({"device_id":{"S":"a"},"timestamp":{"N":"1"},"x":{"S":"y"}})"),  // extra
           std::string(R"({"device_id":{"S":"a","N":"1"},"timestamp":{"N":"1"}})"),        // two types
           std::string(R"({"device_id":{"S":""},"timestamp":{"N":"1"}})"),                 // empty
           std::string(R"({"device_id":{"S":"\u0061"},"timestamp":{"N":"1"}})"),           // escaped
           std::string(5000, '{'),
       }) {
    auto decoded = decode_position(token, kReadingKey);
    ASSERT_FALSE(decoded) << token;
    EXPECT_EQ(decoded.error().code, domain::ErrorCode::validation_error);
  }
}

}  // namespace
}  // namespace portfolio::storage::dynamodb
