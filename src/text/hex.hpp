#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace portfolio::text {

inline constexpr std::string_view kLowerHexDigits = "0123456789abcdef";
inline constexpr std::string_view kUpperHexDigits = "0123456789ABCDEF";

// Appends the two hex digits of a byte, high nibble first.
inline void append_hex(std::string& out, unsigned char byte, std::string_view digits = kLowerHexDigits) {
  out.push_back(digits[byte >> 4U]);
  out.push_back(digits[byte & 0x0fU]);
}

// Lower-case hex of some bytes (digests, tokens).
inline std::string to_hex(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) append_hex(out, byte);
  return out;
}

}  // namespace portfolio::text
