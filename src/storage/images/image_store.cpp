#include "storage/images/image_store.hpp"

#include "aws/crypto.hpp"

namespace portfolio::storage::images {

std::string_view kind_folder(OwnerKind kind) {
  return kind == OwnerKind::device ? "devices" : "users";
}

std::string ImageKey::name() const {
  std::string out(kind_folder(kind));
  out += '/';
  out += owner_id;
  return out;
}

ImageInfo describe(std::string_view bytes, std::string_view content_type, std::uint32_t width,
                   std::uint32_t height) {
  ImageInfo info;
  info.content_type = std::string(content_type);
  info.bytes = bytes.size();
  info.width = width;
  info.height = height;
  info.etag = '"' + aws::sha256_hex(bytes).substr(0, 32) + '"';
  return info;
}

std::string unquoted_etag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

}  // namespace portfolio::storage::images
