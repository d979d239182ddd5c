#include "json/json_text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace {

using portfolio::json::to_text;

std::string number(double d) {
  return to_text(boost::json::value(d));
}

TEST(JsonText, DoublesAreShortestDecimals) {
  EXPECT_EQ(number(20.5), "20.5");
  EXPECT_EQ(number(0.186), "0.186");
  EXPECT_EQ(number(7.8), "7.8");
  EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(number(-12.25), "-12.25");
  EXPECT_EQ(number(0.000123), "0.000123");
}

TEST(JsonText, IntegralDoublesKeepAPoint) {
  EXPECT_EQ(number(20.0), "20.0");
  EXPECT_EQ(number(0.0), "0.0");
  EXPECT_EQ(number(-0.0), "-0.0");
  EXPECT_EQ(number(100.0), "100.0");
}

TEST(JsonText, LargeAndSmallMagnitudesNeverUseExponents) {
  EXPECT_EQ(number(1e21), "1000000000000000000000.0");
  EXPECT_EQ(number(1.5e15), "1500000000000000.0");
  EXPECT_EQ(number(1e-7), "0.0000001");
  EXPECT_EQ(number(-2.5e-10), "-0.00000000025");
  const auto max = number(std::numeric_limits<double>::max());
  EXPECT_EQ(max.size(), 311U);  // 309 digits and ".0"
  const auto tiny = number(std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(tiny.rfind("0.000", 0), 0U);
  for (const auto& text : {max, tiny}) EXPECT_EQ(text.find_first_of("eE"), std::string::npos) << text;
}

TEST(JsonText, NonFiniteIsNull) {
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JsonText, IntegersStayIntegers) {
  EXPECT_EQ(to_text(boost::json::value(std::int64_t{1700000000000})), "1700000000000");
  EXPECT_EQ(to_text(boost::json::value(std::int64_t{-42})), "-42");
  EXPECT_EQ(to_text(boost::json::value(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(to_text(boost::json::value(std::numeric_limits<std::uint64_t>::max())), "18446744073709551615");
  EXPECT_EQ(to_text(boost::json::value(0)), "0");
}

TEST(JsonText, DoublesReadBackExactlyAndAsDoubles) {
  std::mt19937_64 random(12345);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
  std::uniform_int_distribution<std::uint64_t> bits;
  for (int i = 0; i < 20000; ++i) {
    double d = 0;
    const auto pattern = bits(random);
    std::memcpy(&d, &pattern, sizeof d);
    if (!std::isfinite(d)) continue;
    const auto text = number(d);
    // Boost.JSON 1.81's parser is not correctly rounded for every input; the standard's is.
    ASSERT_TRUE(boost::json::parse(text).is_double()) << text;
    double back = 0;
    ASSERT_EQ(std::from_chars(text.data(), text.data() + text.size(), back).ec, std::errc{}) << text;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(d)) << text;
  }
}

// What std::to_chars writes in fixed notation, shortest round trip, with ".0" when it has no point:
// the reference for the fast path of short decimals.
std::string reference(double d) {
  std::array<char, 1100> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), d, std::chars_format::fixed);
  std::string text(buffer.data(), end);
  if (text.find('.') == std::string::npos) text += ".0";
  return text;
}

TEST(JsonText, ShortDecimalsAreWhatToCharsWrites) {
  std::mt19937_64 random(99);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
  std::uniform_int_distribution<std::int64_t> integers(-2'000'000'000, 2'000'000'000);
  std::uniform_int_distribution<int> digits(0, 8);
  constexpr std::array<double, 9> kScales{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  for (int i = 0; i < 200000; ++i) {
    // Decimals of 0 to 8 fraction digits (the fast path takes up to 6), around the 1e9 limit too.
    const double d =
        static_cast<double>(integers(random)) / kScales[static_cast<std::size_t>(digits(random))];
    ASSERT_EQ(number(d), reference(d)) << d;
    const double next = std::nextafter(d, 1e300);
    ASSERT_EQ(number(next), reference(next)) << next;
  }
  std::uniform_int_distribution<std::uint64_t> bits;
  for (int i = 0; i < 200000; ++i) {
    double d = 0;
    const auto pattern = bits(random);
    std::memcpy(&d, &pattern, sizeof d);
    if (!std::isfinite(d)) continue;
    ASSERT_EQ(number(d), reference(d)) << d;
  }
  for (const double d : {0.0, -0.0, 0.5, -0.5, 0.05, 0.000001, 0.0000015, 999999999.999999, 1e9, 1e9 - 1,
                         -999999999.5, 21.5, 40.2, 87.25, 0.1, 0.7, 1.0 / 3.0, 123456.789012}) {
    EXPECT_EQ(number(d), reference(d)) << d;
  }
}

TEST(JsonText, EverythingElseMatchesBoostSerialize) {
  const auto document = boost::json::parse(
      R"({"a":[1,-2,true,false,null,"x"],"b":{"c":"q\"\\/\u0001\b\f\n\r\t\u007f é"},"":[]})");
  EXPECT_EQ(to_text(document), boost::json::serialize(document));
  EXPECT_EQ(to_text(boost::json::object{}), "{}");
  EXPECT_EQ(to_text(boost::json::array{}), "[]");
}

TEST(JsonText, StringsEscapeLikeBoostAtEveryPosition) {
  std::mt19937 random(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible on purpose
  const std::string alphabet = std::string("abcXYZ09 /\"\\\x01\x1f\x7f\n\t") + "\xc3\xa9";
  for (int round = 0; round < 2000; ++round) {
    std::string text(random() % 40, 'a');
    for (auto& c : text) c = alphabet[random() % alphabet.size()];
    const boost::json::value value(text);
    ASSERT_EQ(to_text(value), boost::json::serialize(value)) << text;
  }
}

TEST(JsonText, ObjectsWithNumbers) {
  const boost::json::object reading{{"device_id", "d-1"},
                                    {"timestamp", 1700000000000},
                                    {"temperature", 20.5},
                                    {"battery_level", 7.800000000000001},
                                    {"response_time_ms", 0.186009}};
  EXPECT_EQ(to_text(reading), R"({"device_id":"d-1","timestamp":1700000000000,"temperature":20.5,)"
                              R"("battery_level":7.800000000000001,"response_time_ms":0.186009})");
}

TEST(JsonText, PiecesAppend) {
  std::string out;
  portfolio::json::append_string(out, "a\"b");
  out.push_back(':');
  portfolio::json::append_number(out, 2.5);
  EXPECT_EQ(out, R"("a\"b":2.5)");
}

}  // namespace
