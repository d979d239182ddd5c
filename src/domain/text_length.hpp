#pragma once

#include <cstddef>
#include <string_view>

namespace portfolio::domain {

// The number of characters (Unicode code points) in UTF-8 text: length limits count characters, not
// bytes. Bodies reach the domain as valid UTF-8 (the JSON parser refuses anything else), so counting
// the bytes that do not continue a sequence counts the code points.
inline std::size_t character_count(std::string_view utf8) {
  std::size_t count = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace portfolio::domain
