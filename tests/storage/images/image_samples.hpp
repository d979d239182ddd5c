#pragma once

#include <cstdint>
#include <string>

namespace portfolio::storage::images::test {

// Minimal headers of each accepted format, made here (never downloaded): enough for the probe, which
// reads no pixel data. `padding` bytes follow, to reach a given file size.
inline std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24U), static_cast<char>(v >> 16U), static_cast<char>(v >> 8U),
          static_cast<char>(v)};
}

inline std::string png(std::uint32_t width, std::uint32_t height, std::size_t padding = 0) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  out += be32(13) + "IHDR" + be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5) + be32(0);
  out += std::string(padding, 'p');
  return out;
}

inline std::string jpeg(std::uint16_t width, std::uint16_t height, std::size_t padding = 0) {
  std::string out("\xff\xd8", 2);
  out += std::string("\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);  // APP0
  out += std::string("\xff\xc0\x00\x11\x08", 5);                                           // SOF0, 8 bit
  out += {static_cast<char>(height >> 8U), static_cast<char>(height & 0xffU), static_cast<char>(width >> 8U),
          static_cast<char>(width & 0xffU)};
  out += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  out += std::string(padding, 'j');
  out += std::string("\xff\xd9", 2);
  return out;
}

inline std::string webp_vp8x(std::uint32_t width, std::uint32_t height, std::size_t padding = 0) {
  std::string out = "RIFF";
  out += std::string("\x00\x00\x00\x00", 4) + "WEBP" + "VP8X" + std::string("\x0a\x00\x00\x00", 4);
  out += std::string("\x00\x00\x00\x00", 4);
  const auto w = width - 1;
  const auto h = height - 1;
  out += {static_cast<char>(w & 0xffU), static_cast<char>((w >> 8U) & 0xffU),
          static_cast<char>((w >> 16U) & 0xffU)};
  out += {static_cast<char>(h & 0xffU), static_cast<char>((h >> 8U) & 0xffU),
          static_cast<char>((h >> 16U) & 0xffU)};
  out += std::string(padding, 'w');
  return out;
}

}  // namespace portfolio::storage::images::test
