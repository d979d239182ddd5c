#pragma once

#include <boost/system/result.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace portfolio::storage::images {

enum class ImageType { jpeg, png, webp };

// What the file's own header says: the type (from its magic bytes) and its pixel dimensions.
struct ImageFacts {
  ImageType type = ImageType::jpeg;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

struct ProbeError {
  enum class Kind {
    unsupported,  // not JPEG, PNG or WebP (an SVG, HTML, a GIF...): 415
    corrupt,      // the magic bytes say JPEG/PNG/WebP but the header is truncated or invalid: 400
  };
  Kind kind = Kind::unsupported;
  std::string message;
};

// Judges a file by its magic bytes, never by a name or a Content-Type, and reads the dimensions from
// the header (PNG IHDR, the JPEG start-of-frame segment, WebP VP8/VP8L/VP8X). Reads no pixel data.
boost::system::result<ImageFacts, ProbeError> probe_image(std::string_view bytes);

std::string_view mime_type(ImageType type);

}  // namespace portfolio::storage::images
