#include "api/json_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace portfolio::api {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const domain::Error& error) {
  std::vector<std::string> out;
  for (const auto& d : error.details) out.push_back(d.field);
  return out;
}

TEST(ParseBody, ReportsMalformedJsonAndExcessiveNesting) {
  EXPECT_TRUE(parse_body(R"({"a":1})"));
  for (const auto* bad : {"", "{", "nul", "{\"a\":}", "{} {}", "\"\xff\""}) {
    auto r = parse_body(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "MALFORMED_JSON");
  }
  EXPECT_FALSE(parse_body(std::string(100, '[') + std::string(100, ']')));
}

TEST(UserFieldsFromJson, AcceptsKnownFieldsAndNamesEveryProblem) {
  auto ok =
      user_fields_from_json(json::parse(R"({"username":"alice","email":"a@b.co","status":"inactive"})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, domain::UserStatus::inactive);
  auto bad =
      user_fields_from_json(json::parse(R"({"username":5,"email":"nope","status":"x","role":"admin"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"username", "email", "status", "role"}));
  EXPECT_FALSE(user_fields_from_json(json::parse("[]")));
}

TEST(ReadingFromJson, ParsesAllFieldsAndDefaultsTheTimestamp) {
  auto r =
      reading_from_json(json::parse(R"({"device_id":"d1","temperature":21,"humidity":40.5,"status":"error",
                                            "battery_level":80,"location":"lab"})"),
                        1234);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->timestamp_ms, 1234);
  EXPECT_EQ(r->temperature, 21.0);
  EXPECT_EQ(r->status, domain::DeviceStatus::error);
  EXPECT_EQ(r->battery_level, 80.0);
  EXPECT_EQ(r->location, "lab");
}

TEST(ReadingFromJson, TypesAreStrict) {
  auto r =
      reading_from_json(json::parse(R"({"device_id":1,"timestamp":1.5e12,"temperature":"hot","humidity":null,
                                            "status":"on","extra":true})"),
                        0);
  ASSERT_FALSE(r);
  EXPECT_EQ(fields_of(r.error()), (std::vector<std::string>{"device_id", "timestamp", "temperature",
                                                            "humidity", "status", "extra"}));
  auto missing = reading_from_json(json::parse("{}"), 0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(fields_of(missing.error()),
            (std::vector<std::string>{"device_id", "temperature", "humidity", "status"}));
}

TEST(ToJson, OmitsOptionalReadingFieldsWhenAbsent) {
  const domain::Reading r{"d", 5, 1.5, 2.5, domain::DeviceStatus::active, std::nullopt, std::nullopt};
  const auto object = to_json(r);
  EXPECT_EQ(object.size(), 5U);
  EXPECT_EQ(object.at("timestamp").as_int64(), 5);
  EXPECT_EQ(object.at("status").as_string(), "active");
}

}  // namespace
}  // namespace portfolio::api
