#include "sim/reading_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/json_codec.hpp"
#include "json/json_text.hpp"

namespace portfolio::sim {
namespace {

domain::Reading sample() {
  domain::Reading r;
  r.device_id = "sensor-001";
  r.timestamp_ms = 1'764'324'000'000;
  r.temperature = 21.5;
  r.humidity = 40.25;
  r.status = domain::DeviceStatus::maintenance;
  r.battery_level = 87.5;
  r.location = "tokyo-rooftop";
  return r;
}

TEST(ReadingJson, WritesTheDocumentedReadingShape) {
  const auto body = boost::json::parse(reading_body(sample())).as_object();
  EXPECT_EQ(body.at("device_id").as_string(), "sensor-001");
  EXPECT_EQ(body.at("timestamp").as_int64(), 1'764'324'000'000);
  EXPECT_DOUBLE_EQ(body.at("temperature").to_number<double>(), 21.5);
  EXPECT_DOUBLE_EQ(body.at("humidity").to_number<double>(), 40.25);
  EXPECT_EQ(body.at("status").as_string(), "maintenance");
  EXPECT_DOUBLE_EQ(body.at("battery_level").to_number<double>(), 87.5);
  EXPECT_EQ(body.at("location").as_string(), "tokyo-rooftop");
}

TEST(ReadingJson, LeavesOutOptionalFieldsThatAreNotSet) {
  auto reading = sample();
  reading.battery_level.reset();
  reading.location.reset();
  const auto body = boost::json::parse(reading_body(reading)).as_object();
  EXPECT_FALSE(body.contains("battery_level"));
  EXPECT_FALSE(body.contains("location"));
  EXPECT_EQ(body.size(), 5u);
}

TEST(ReadingJson, WrapsABatchInReadings) {
  const std::vector<domain::Reading> readings(3, sample());
  const auto body = boost::json::parse(batch_body(readings)).as_object();
  ASSERT_EQ(body.size(), 1u);
  EXPECT_EQ(body.at("readings").as_array().size(), 3u);
}

TEST(ReadingJson, ABatchIsByteForByteTheTextOfTheApisDocument) {
  auto without_options = sample();
  without_options.battery_level.reset();
  without_options.location.reset();
  const std::vector<domain::Reading> readings{sample(), without_options};
  boost::json::array items;
  for (const auto& reading : readings) items.push_back(api::to_json(reading));
  EXPECT_EQ(batch_body(readings), portfolio::json::to_text(boost::json::object{{"readings", items}}));
  EXPECT_EQ(reading_body(sample()), portfolio::json::to_text(api::to_json(sample())));
}

}  // namespace
}  // namespace portfolio::sim
