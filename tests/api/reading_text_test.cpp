#include "api/reading_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>

#include "api/json_codec.hpp"
#include "api/responses.hpp"
#include "json/json_text.hpp"

namespace portfolio::api {
namespace {
namespace json = boost::json;
using domain::DeviceState;
using domain::DeviceStatus;
using domain::Reading;

// Readings with and without the optional fields, with strings that need escaping and numbers at the
// edges of the shortest round-trip writer.
std::vector<Reading> awkward_readings() {
  std::vector<Reading> out;
  out.push_back(
      {"sensor-1", 1'700'000'000'000, 20.5, 40.25, DeviceStatus::active, std::nullopt, std::nullopt});
  out.push_back(
      {"sensor-2", 0, -0.0, 0.0, DeviceStatus::inactive, 7.800000000000001, "Lab \"A\"\\\n\t\x01\x1f"});
  out.push_back({"s\xc3\xa9", -1, 1e21, 1e-7, DeviceStatus::error, 0.1 + 0.2, std::string(64, 'x')});
  out.push_back({"d/%2F", std::numeric_limits<std::int64_t>::max(), -50.0, 100.0, DeviceStatus::maintenance,
                 std::nullopt, "\xe2\x80\xa8 caf\xc3\xa9 \x7f"});
  out.push_back({"nan", 5, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                 DeviceStatus::active, 100.0, std::nullopt});
  out.push_back({"tiny", 6, 5e-324, 1.7976931348623157e308, DeviceStatus::active, 33.0, ""});
  return out;
}

// The DOM path the handlers took before: page_json(...) and then body["device_id"].
std::string dom_page(const json::array& items, const std::optional<std::string>& next) {
  return portfolio::json::to_text(
      json::object{{"items", items}, {"count", items.size()}, {"next_cursor", string_or_null(next)}});
}

TEST(ReadingText, MatchesTheDomTextOfEachReading) {
  for (const auto& reading : awkward_readings()) {
    EXPECT_EQ(reading_text(reading), portfolio::json::to_text(to_json(reading))) << reading.device_id;
  }
}

TEST(ReadingText, HistoryPageMatchesTheDomPath) {
  const std::vector<std::optional<std::string>> cursors{std::nullopt, "abc.DEF_-=", "q\"uote"};
  for (const auto& next : cursors) {
    for (std::size_t n : {0U, 1U, 6U}) {
      domain::Page<Reading> page;
      auto readings = awkward_readings();
      page.items.assign(readings.begin(), readings.begin() + static_cast<std::ptrdiff_t>(n));
      json::array items;
      for (const auto& r : page.items) items.push_back(to_json(r));
      auto dom =
          json::object{{"items", items}, {"count", items.size()}, {"next_cursor", string_or_null(next)}};
      dom["device_id"] = "d\"ev\xc3\xa9";
      EXPECT_EQ(history_page_text(page, next, "d\"ev\xc3\xa9"), portfolio::json::to_text(dom));
    }
  }
}

// The text of a device id is copied from the reading before when the device is the same (a history
// page): ids that repeat, alternate and need escaping must still come out as the DOM writes them.
TEST(ReadingText, RepeatedAndAlternatingDeviceIdsMatchTheDomPath) {
  const auto readings = awkward_readings();
  domain::Page<Reading> page;
  for (const std::size_t i : {1U, 1U, 3U, 1U, 2U, 2U, 2U, 3U}) {
    page.items.push_back(readings[i]);
    page.items.back().timestamp_ms = static_cast<std::int64_t>(page.items.size());
  }
  json::array items;
  for (const auto& r : page.items) items.push_back(to_json(r));
  auto dom = json::object{{"items", items}, {"count", items.size()}, {"next_cursor", nullptr}};
  dom["device_id"] = "any";
  EXPECT_EQ(history_page_text(page, std::nullopt, "any"), portfolio::json::to_text(dom));
}

TEST(ReadingText, LatestPageMatchesTheDomPath) {
  for (const auto& next : {std::optional<std::string>{}, std::optional<std::string>{"next"}}) {
    domain::Page<DeviceState> page;
    json::array items;
    for (const auto& r : awkward_readings()) {
      page.items.push_back({r.device_id, r});
      items.push_back(to_json(r));
    }
    EXPECT_EQ(latest_page_text(page, next), dom_page(items, next));
    EXPECT_EQ(latest_page_text({}, next), dom_page({}, next));
  }
}

TEST(ReadingText, WritesPlainNumbersAndNullForNonFiniteValues) {
  const auto text = reading_text(awkward_readings()[4]);
  EXPECT_EQ(text, R"({"device_id":"nan","timestamp":5,"temperature":null,"humidity":null,"status":"active",)"
                  R"("battery_level":100.0})");
  EXPECT_TRUE(
      json::parse(history_page_text({awkward_readings(), std::nullopt}, std::nullopt, "x")).is_object());
}

}  // namespace
}  // namespace portfolio::api
