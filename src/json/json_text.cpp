#include "json/json_text.hpp"

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

template <typename Integer>
void append_integer(std::string& out, Integer number) {
  std::array<char, 24> digits{};
  const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
  out.append(digits.data(), end);
}

// Doubles that are a decimal of at most kFastDigits fraction digits below kFastLimit (sensor readings,
// latencies, uptimes): their shortest round-trip text, found without std::to_chars, which costs about
// ten times more. For the smallest k such that n = round(|v| * 10^k) divides back to |v| exactly
// (n / 10^k is a correctly rounded division of exact operands, so it equals what a parser makes of
// the decimal n * 10^-k), "n with k fraction digits" reads back to v. It is the shortest such text:
// one with fewer fraction digits would have been found at a smaller k. And it is the one to_chars
// writes: below kFastLimit a double's spacing is under 10^-kFastDigits, so no other decimal of k
// digits reads back to v. Returns false, writing nothing, for every other double.
constexpr int kFastDigits = 6;
constexpr double kFastLimit = 1e9;
constexpr std::array<double, kFastDigits + 1> kPowersOfTen{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

bool append_short_decimal(std::string& out, double number) {
  const double magnitude = std::fabs(number);
  if (!(magnitude < kFastLimit)) return false;
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
    if (std::signbit(number)) out.push_back('-');
    if (length <= fraction) {  // 0.00ddd
      out.append("0.");
      out.append(fraction - length, '0');
      out.append(digits.data(), length);
    } else {
      out.append(digits.data(), length - fraction);
      out.push_back('.');
      if (fraction == 0) {
        out.push_back('0');
      } else {
        out.append(digits.data() + length - fraction, fraction);
      }
    }
    return true;
  }
  return false;
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  std::size_t clean = 0;
  while (clean < text.size() && !needs_escape(text[clean])) ++clean;
  if (clean == text.size()) {
    // Nothing to escape (nearly every string): one growth and one copy.
    const auto at = out.size();
    out.resize(at + text.size() + 2);
    char* const quoted = out.data() + at;
    quoted[0] = '"';
    text.copy(quoted + 1, text.size());
    quoted[text.size() + 1] = '"';
    return;
  }
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t i = clean; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    const char c = text[i];
    out.append(text.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        out.append("\\u00");
        out.push_back(kHex[byte >> 4U]);
        out.push_back(kHex[byte & 0x0FU]);
      }
    }
  }
  out.append(text.data() + start, text.size() - start);
  out.push_back('"');
}

void append_number(std::string& out, double number) {
  if (!std::isfinite(number)) {
    out.append("null");
    return;
  }
  if (append_short_decimal(out, number)) return;
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
