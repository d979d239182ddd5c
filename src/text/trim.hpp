#pragma once

#include <string_view>

namespace portfolio::text {

// The text without the leading and trailing characters of `blanks` (spaces, tabs, CR and LF).
constexpr std::string_view trim(std::string_view text, std::string_view blanks = " \t\r\n") {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace portfolio::text
