#include "storage/images/image_format.hpp"

#include <array>

namespace portfolio::storage::images {
namespace {

using Probe = boost::system::result<ImageFacts, ProbeError>;

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kJpegSignature{"\xff\xd8\xff", 3};

std::uint32_t byte_at(std::string_view bytes, std::size_t at) {
  return static_cast<unsigned char>(bytes[at]);
}
std::uint32_t be16(std::string_view b, std::size_t at) {
  return (byte_at(b, at) << 8U) | byte_at(b, at + 1);
}
std::uint32_t be32(std::string_view b, std::size_t at) {
  return (be16(b, at) << 16U) | be16(b, at + 2);
}
std::uint32_t le16(std::string_view b, std::size_t at) {
  return byte_at(b, at) | (byte_at(b, at + 1) << 8U);
}
std::uint32_t le24(std::string_view b, std::size_t at) {
  return le16(b, at) | (byte_at(b, at + 2) << 16U);
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return le16(b, at) | (le16(b, at + 2) << 16U);
}

ProbeError corrupt(std::string message) {
  return {ProbeError::Kind::corrupt, std::move(message)};
}

Probe with_size(ImageType type, std::uint32_t width, std::uint32_t height, std::string_view name) {
  if (width == 0 || height == 0) return corrupt(std::string(name) + " header gives a zero dimension");
  return ImageFacts{type, width, height};
}

Probe probe_png(std::string_view b) {
  // Signature, then the first chunk, which must be IHDR: length 13, "IHDR", width, height, ...
  if (b.size() < 33) return corrupt("the PNG header is truncated");
  if (be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") return corrupt("the PNG file does not start with IHDR");
  const auto width = be32(b, 16);
  const auto height = be32(b, 20);
  if (width > 0x7fffffffU || height > 0x7fffffffU) return corrupt("the PNG header is invalid");
  return with_size(ImageType::png, width, height, "the PNG");
}

bool is_start_of_frame(std::uint32_t marker) {
  // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

Probe probe_jpeg(std::string_view b) {
  std::size_t at = 2;
  for (;;) {
    if (at >= b.size()) return corrupt("the JPEG header is truncated before its frame header");
    if (byte_at(b, at) != 0xff) return corrupt("the JPEG header is invalid (expected a marker)");
    while (at < b.size() && byte_at(b, at) == 0xff) ++at;  // fill bytes
    if (at >= b.size()) return corrupt("the JPEG header is truncated before its frame header");
    const auto marker = byte_at(b, at++);
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;  // markers without a length
    if (marker == 0xd9 || marker == 0xda) return corrupt("the JPEG file has no frame header");
    if (at + 2 > b.size()) return corrupt("the JPEG header is truncated");
    const auto length = be16(b, at);
    if (length < 2) return corrupt("the JPEG header has an invalid segment length");
    if (is_start_of_frame(marker)) {
      if (length < 8 || at + 7 > b.size()) return corrupt("the JPEG frame header is truncated");
      return with_size(ImageType::jpeg, be16(b, at + 5), be16(b, at + 3), "the JPEG frame");
    }
    at += length;
  }
}

Probe probe_webp(std::string_view b) {
  if (b.size() < 30) return corrupt("the WebP header is truncated");
  const auto chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    if (b.substr(23, 3) != std::string_view("\x9d\x01\x2a", 3))
      return corrupt("the WebP VP8 frame header is invalid");
    return with_size(ImageType::webp, le16(b, 26) & 0x3fffU, le16(b, 28) & 0x3fffU, "the WebP");
  }
  if (chunk == "VP8L") {
    if (byte_at(b, 20) != 0x2f) return corrupt("the WebP lossless header is invalid");
    const auto bits = le32(b, 21);
    return with_size(ImageType::webp, (bits & 0x3fffU) + 1, ((bits >> 14U) & 0x3fffU) + 1, "the WebP");
  }
  if (chunk == "VP8X") {
    return with_size(ImageType::webp, le24(b, 24) + 1, le24(b, 27) + 1, "the WebP");
  }
  return corrupt("the WebP file has no VP8, VP8L or VP8X chunk first");
}

bool is_webp(std::string_view b) {
  return b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP";
}

// A body shorter than a signature that is a prefix of one: a truncated image, not another type.
bool is_truncated_signature(std::string_view b) {
  const std::array<std::string_view, 3> signatures{kPngSignature, kJpegSignature, std::string_view("RIFF")};
  for (auto signature : signatures) {
    if (b.size() < signature.size() && signature.substr(0, b.size()) == b) return true;
  }
  return b.size() < 12 && b.substr(0, 4) == "RIFF";
}

}  // namespace

Probe probe_image(std::string_view bytes) {
  if (bytes.empty()) return corrupt("the image is empty");
  if (bytes.starts_with(kPngSignature)) return probe_png(bytes);
  if (bytes.starts_with(kJpegSignature)) return probe_jpeg(bytes);
  if (is_webp(bytes)) return probe_webp(bytes);
  if (is_truncated_signature(bytes)) return corrupt("the image header is truncated");
  return ProbeError{ProbeError::Kind::unsupported, "only JPEG, PNG and WebP images are accepted"};
}

std::string_view mime_type(ImageType type) {
  switch (type) {
    case ImageType::jpeg:
      return "image/jpeg";
    case ImageType::png:
      return "image/png";
    case ImageType::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

}  // namespace portfolio::storage::images
