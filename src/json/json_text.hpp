#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The JSON text the service writes: responses, logs, EMF and the simulator's request bodies.
//
// Output is what boost::json::serialize writes, byte for byte, except for numbers. Boost.JSON 1.81
// writes every double in exponent form (2.05E1); here a double is its shortest round-trip decimal in
// plain positional form, never an exponent:
//   20.5 -> 20.5      0.186 -> 0.186      7.800000000000001 -> 7.800000000000001
//   20.0 -> 20.0      -0.0 -> -0.0        1e21 -> 1000000000000000000000.0      1e-7 -> 0.0000001
// A double always carries a '.', so it reads back as a double in parsers that tell integers from
// reals (Boost.JSON, Python); integers (int64, uint64) are written as integers. JSON has no infinity
// or NaN: they are written as null.
namespace portfolio::json {

// Appends the text of `value` to `out`.
void append_text(std::string& out, const boost::json::value& value);
// The text of `value`.
std::string to_text(const boost::json::value& value);

// Pieces for writers that build JSON without a DOM.
void append_string(std::string& out, std::string_view text);  // quoted and escaped
void append_number(std::string& out, double number);
void append_number(std::string& out, std::int64_t number);
void append_number(std::string& out, std::uint64_t number);

// The same pieces written at `at`, which has room for them, for json::TextBuilder. Each returns the
// end of what it wrote.
inline constexpr std::size_t kIntegerRoom = 20;       // -9223372036854775808, 18446744073709551615
inline constexpr std::size_t kShortDecimalRoom = 24;  // "-" + 15 digits + "."; "-0.000001"
// Quotes, and each byte escaped as \u00XX at worst.
constexpr std::size_t string_room(std::size_t bytes) {
  return 2 + 6 * bytes;
}
char* write_string(char* at, std::string_view text);
char* write_number(char* at, std::int64_t number);
char* write_number(char* at, std::uint64_t number);
// A double below 10^9 with at most 6 fraction digits (a reading, a latency) as append_number writes
// it; nullptr, writing nothing, for any other double.
char* write_short_decimal(char* at, double number);

}  // namespace portfolio::json
