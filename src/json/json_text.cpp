#include "json/json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace portfolio::json {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

// Which bytes a JSON string must escape: control characters, the quote and the backslash.
constexpr std::array<bool, 256> kEscapes = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}();

bool needs_escape(char c) {
  return kEscapes[static_cast<unsigned char>(c)];
}

// Doubles that are a decimal of at most kFastDigits fraction digits below kFastLimit (sensor readings,
// latencies, uptimes): their shortest round-trip text, found without std::to_chars, which costs about
// ten times more. For the smallest k such that n = round(|v| * 10^k) divides back to |v| exactly
// (n / 10^k is a correctly rounded division of exact operands, so it equals what a parser makes of
// the decimal n * 10^-k), "n with k fraction digits" reads back to v. It is the shortest such text:
// one with fewer fraction digits would have been found at a smaller k. And it is the one to_chars
// writes: below kFastLimit a double's spacing is under 10^-kFastDigits, so no other decimal of k
// digits reads back to v. write_short_decimal returns nullptr, writing nothing, for every other double.
constexpr int kFastDigits = 6;
constexpr double kFastLimit = 1e9;
constexpr std::array<double, kFastDigits + 1> kPowersOfTen{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

}  // namespace

char* write_short_decimal(char* at, double number) {
  const double magnitude = std::fabs(number);
  if (!(magnitude < kFastLimit)) return nullptr;
  for (int k = 0; k <= kFastDigits; ++k) {
    const double scale = kPowersOfTen[static_cast<std::size_t>(k)];
    const double scaled = std::nearbyint(magnitude * scale);
    if (scaled / scale != magnitude) continue;
    // At most 9 integer digits and 6 fraction digits: n < 10^15 fits a uint64_t exactly.
    const auto n = static_cast<std::uint64_t>(scaled);
    std::array<char, 24> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), n);
    const auto length = static_cast<std::size_t>(end - digits.data());
    const auto fraction = static_cast<std::size_t>(k);
    if (std::signbit(number)) *at++ = '-';
    if (length <= fraction) {  // 0.00ddd
      *at++ = '0';
      *at++ = '.';
      at = std::fill_n(at, fraction - length, '0');
      return std::copy_n(digits.data(), length, at);
    }
    at = std::copy_n(digits.data(), length - fraction, at);
    *at++ = '.';
    if (fraction == 0) {
      *at++ = '0';
      return at;
    }
    return std::copy_n(digits.data() + length - fraction, fraction, at);
  }
  return nullptr;
}

namespace {

// The escape of one byte that needs_escape: \" \\ \b \f \n \r \t, or \u00XX.
char* write_escape(char* at, char c) {
  *at++ = '\\';
  switch (c) {
    case '"':
      *at++ = '"';
      return at;
    case '\\':
      *at++ = '\\';
      return at;
    case '\b':
      *at++ = 'b';
      return at;
    case '\f':
      *at++ = 'f';
      return at;
    case '\n':
      *at++ = 'n';
      return at;
    case '\r':
      *at++ = 'r';
      return at;
    case '\t':
      *at++ = 't';
      return at;
    default: {
      const auto byte = static_cast<unsigned char>(c);
      at = std::copy_n("u00", 3, at);
      *at++ = kHex[byte >> 4U];
      *at++ = kHex[byte & 0x0FU];
      return at;
    }
  }
}

}  // namespace

char* write_string(char* at, std::string_view text) {
  *at++ = '"';
  // Runs of bytes that need no escape (nearly every string is one run) are copied whole.
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    at = std::copy_n(text.data() + start, i - start, at);
    start = i + 1;
    at = write_escape(at, text[i]);
  }
  at = std::copy_n(text.data() + start, text.size() - start, at);
  *at++ = '"';
  return at;
}

namespace {

template <typename Integer>
char* write_integer(char* at, Integer number) {
  return std::to_chars(at, at + kIntegerRoom, number).ptr;
}

}  // namespace

char* write_number(char* at, std::int64_t number) {
  return write_integer(at, number);
}

char* write_number(char* at, std::uint64_t number) {
  return write_integer(at, number);
}

void append_string(std::string& out, std::string_view text) {
  const auto at = out.size();
  if (std::none_of(text.begin(), text.end(), needs_escape)) {
    // Nearly every string: the string grows by the text and its quotes only.
    out.resize(at + text.size() + 2);
    char* const quoted = out.data() + at;
    quoted[0] = '"';
    text.copy(quoted + 1, text.size());
    quoted[text.size() + 1] = '"';
    return;
  }
  out.resize(at + string_room(text.size()));
  out.resize(static_cast<std::size_t>(write_string(out.data() + at, text) - out.data()));
}

void append_number(std::string& out, double number) {
  if (!std::isfinite(number)) {
    out.append("null");
    return;
  }
  std::array<char, kShortDecimalRoom>
      shortest;  // NOLINT(cppcoreguidelines-pro-type-member-init): written below
  if (char* end = write_short_decimal(shortest.data(), number)) {
    out.append(shortest.data(), end);
    return;
  }
  // Fixed notation without a precision is the shortest digits that read back to the same double,
  // written positionally. Readings fit in a few bytes; the largest double takes 309 digits and the
  // smallest subnormal 1076 characters, so those are written straight into the output instead.
  std::array<char, 32> digits;  // NOLINT(cppcoreguidelines-pro-type-member-init): to_chars fills it
  auto [end, ec] =
      std::to_chars(digits.data(), digits.data() + digits.size(), number, std::chars_format::fixed);
  std::string_view text(digits.data(), static_cast<std::size_t>(end - digits.data()));
  if (ec == std::errc{}) {
    out.append(text);
  } else {
    constexpr std::size_t kLongest = 1100;
    const auto at = out.size();
    out.resize(at + kLongest);
    const auto wide =
        std::to_chars(out.data() + at, out.data() + out.size(), number, std::chars_format::fixed);
    out.resize(static_cast<std::size_t>(wide.ptr - out.data()));
    text = std::string_view(out).substr(at);
  }
  if (text.find('.') == std::string_view::npos) out.append(".0");
}

namespace {

template <typename Integer>
void append_integer(std::string& out, Integer number) {
  std::array<char, kIntegerRoom> digits;  // NOLINT(cppcoreguidelines-pro-type-member-init): written below
  out.append(digits.data(), write_number(digits.data(), number));
}

}  // namespace

void append_number(std::string& out, std::int64_t number) {
  append_integer(out, number);
}

void append_number(std::string& out, std::uint64_t number) {
  append_integer(out, number);
}

void append_text(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out.append("null");
      return;
    case boost::json::kind::bool_:
      out.append(value.get_bool() ? "true" : "false");
      return;
    case boost::json::kind::int64:
      append_number(out, value.get_int64());
      return;
    case boost::json::kind::uint64:
      append_number(out, value.get_uint64());
      return;
    case boost::json::kind::double_:
      append_number(out, value.get_double());
      return;
    case boost::json::kind::string:
      append_string(out, value.get_string());
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_text(out, item);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, key);
        out.push_back(':');
        append_text(out, item);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string to_text(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  append_text(out, value);
  return out;
}

}  // namespace portfolio::json
