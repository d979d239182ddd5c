#include "sim/duration_text.hpp"

#include <gtest/gtest.h>

namespace portfolio::sim {
namespace {

using std::chrono::milliseconds;

TEST(DurationText, ReadsTheUsualUnits) {
  EXPECT_EQ(parse_duration("5m"), milliseconds(300'000));
  EXPECT_EQ(parse_duration("2s"), milliseconds(2'000));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("2d"), milliseconds(172'800'000));
  EXPECT_EQ(parse_duration("10"), milliseconds(10'000)) << "a bare number is seconds";
}

TEST(DurationText, RejectsWhatIsNotAPositiveDuration) {
  for (const char* text :
       {"", "0", "0s", "-5s", "5x", "m", "1.5s", "5 m", "s5", "400d", "99999999999999999999s"}) {
    EXPECT_FALSE(parse_duration(text).has_value()) << text;
  }
}

TEST(DurationText, FormatsWhatItReads) {
  for (const char* text : {"5m", "2s", "250ms", "1h30m", "1d2h3m4s5ms"}) {
    const auto duration = parse_duration(text);
    ASSERT_TRUE(duration) << text;
    EXPECT_EQ(format_duration(*duration), text);
  }
}

}  // namespace
}  // namespace portfolio::sim
