#include "json/text_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace {

using portfolio::json::append_number;
using portfolio::json::append_string;
using portfolio::json::TextBuilder;

// Writes the same random pieces through a builder and through the append_ functions, into strings
// that already hold `prefix`, and returns both texts.
std::pair<std::string, std::string> both_ways(std::uint32_t seed, const std::string& prefix,
                                              std::size_t reserve) {
  std::mt19937 random(seed);
  const std::string alphabet = std::string("abc09 /\"\\\x01\x1f\x7f\n\t") + "\xc3\xa9";
  const double doubles[] = {21.5,
                            -0.0,
                            0.1 + 0.2,
                            1e21,
                            std::numeric_limits<double>::denorm_min(),
                            std::numeric_limits<double>::quiet_NaN(),
                            999999999.999999,
                            1e-7};
  std::string built = prefix;
  built.reserve(reserve);
  std::string appended = prefix;
  {
    TextBuilder builder(built);
    for (int piece = 0; piece < 400; ++piece) {
      switch (random() % 7) {
        case 0: {
          std::string text(random() % 300, 'a');
          for (auto& c : text) c = alphabet[random() % alphabet.size()];
          builder.string(text);
          append_string(appended, text);
          break;
        }
        case 1: {
          const double d = doubles[random() % std::size(doubles)];
          builder.number(d);
          append_number(appended, d);
          break;
        }
        case 2: {
          const auto n = static_cast<std::int64_t>(random()) * (random() % 2 == 0 ? -1 : 1) *
                         std::int64_t{1'000'000'007};
          builder.number(n);
          append_number(appended, n);
          break;
        }
        case 3:
          builder.number(std::numeric_limits<std::uint64_t>::max());
          append_number(appended, std::numeric_limits<std::uint64_t>::max());
          break;
        case 4: {
          const std::string name(1 + random() % 12, static_cast<char>('a' + random() % 26));
          builder.plain_string(name);
          appended += '"' + name + '"';
          break;
        }
        case 5: {
          // Up to 300 bytes of the text so far, again from a random point: what repeat() copies.
          const std::size_t from = random() % (builder.size() + 1);
          const std::size_t size = std::min<std::size_t>(builder.size() - from, random() % 300);
          builder.repeat(from, size);
          appended += appended.substr(from, size);
          break;
        }
        default:
          builder.literal(",\"key\":");
          builder.push_back('!');
          appended += ",\"key\":!";
      }
    }
  }
  return {built, appended};
}

TEST(TextBuilder, WritesWhatTheAppendFunctionsWrite) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    for (const std::size_t reserve : {std::size_t{0}, std::size_t{64}, std::size_t{1} << 20}) {
      const auto [built, appended] = both_ways(seed, seed % 2 == 0 ? "" : "prefix:", reserve);
      ASSERT_EQ(built, appended) << "seed " << seed << ", reserve " << reserve;
    }
  }
}

TEST(TextBuilder, EscapesEveryByteOfALongStringAtWorst) {
  const std::string controls(5000, '\x01');
  std::string out = "[";
  {
    TextBuilder builder(out);
    builder.string(controls);
    builder.push_back(']');
  }
  EXPECT_EQ(out.size(), 1 + 2 + 6 * controls.size() + 1);
  EXPECT_EQ(out.substr(0, 8), "[\"\\u0001");
  EXPECT_EQ(out.substr(out.size() - 2), "\"]");
}

TEST(TextBuilder, LeavesNoRoomBehind) {
  std::string out;
  out.reserve(4096);
  {
    TextBuilder builder(out);
    builder.literal("{}");
  }
  EXPECT_EQ(out, "{}");
}

}  // namespace
