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

}  // namespace

void append_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
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
