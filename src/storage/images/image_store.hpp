#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace portfolio::storage::images {

enum class OwnerKind { device, user };

// Whose image: each device and each user has at most one.
struct ImageKey {
  OwnerKind kind = OwnerKind::device;
  std::string owner_id;

  // "devices/<id>" or "users/<id>": the object name under the store's prefix or directory.
  std::string name() const;
};

// What is stored beside the bytes, fixed when the image is uploaded.
struct ImageInfo {
  std::string content_type;  // image/jpeg, image/png or image/webp
  std::uint64_t bytes = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string etag;  // quoted, strong: "\"<32 hex digits of the SHA-256>\""
};

// One stored image, read front to back in bounded pieces: the whole file is never in memory.
// read() blocks on disk or network: call it on the storage runner, never on an I/O thread.
class ImageReader {
 public:
  virtual ~ImageReader() = default;
  virtual const ImageInfo& info() const = 0;
  // Fills up to buffer.size() bytes; 0 at the end of the image.
  virtual domain::Result<std::size_t> read(std::span<char> buffer) = 0;
};

// Where images live: a directory (local) or an S3 bucket. Every call but has() blocks.
// A put either replaces the image whole or leaves the previous one: readers never see a mixture.
class ImageStore {
 public:
  virtual ~ImageStore() = default;
  virtual std::string_view backend() const = 0;

  virtual domain::Result<void> put(const ImageKey& key, std::string_view bytes, const ImageInfo& info) = 0;
  // nullptr when the owner has no image.
  virtual domain::Result<std::unique_ptr<ImageReader>> open(const ImageKey& key) = 0;
  // false when there was nothing to remove.
  virtual domain::Result<bool> remove(const ImageKey& key) = 0;

  // The version of the owner's image, from the store's in-memory index: no I/O, so list pages can
  // carry image_url without a call per item. An opaque token (no quotes) that changes when the image
  // is replaced: the local store's ETag, S3's ETag of the object. nullopt: no image. Another
  // instance's writes show after its refresh.
  virtual std::optional<std::string> version(const ImageKey& key) const = 0;
  bool has(const ImageKey& key) const { return version(key).has_value(); }
};

// The metadata of an upload whose header has been probed: type, size, dimensions, SHA-256 ETag.
ImageInfo describe(std::string_view bytes, std::string_view content_type, std::uint32_t width,
                   std::uint32_t height);

std::string_view kind_folder(OwnerKind kind);  // "devices" or "users"

// An entity tag without its quotes (and W/ prefix): "\"abc\"" -> "abc", for an index version.
std::string unquoted_etag(std::string_view etag);

}  // namespace portfolio::storage::images
