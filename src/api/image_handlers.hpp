#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_types.hpp"
#include "api/handler_context.hpp"
#include "storage/images/image_store.hpp"

namespace portfolio::api {

constexpr std::size_t kMaxImageBytes = std::size_t{5} * 1024 * 1024;
constexpr std::uint32_t kMaxImageSide = 8192;

// PUT/GET/DELETE of one kind of owner's image: /api/v1/devices/{device_id}/image (OwnerKind::device)
// or /api/v1/users/{user_id}/avatar (OwnerKind::user); one instance per kind.
class ImageHandlers {
 public:
  ImageHandlers(HandlerContext context, storage::images::ImageStore& images, storage::images::OwnerKind kind)
      : ctx_(context), images_(images), kind_(kind) {}

  boost::asio::awaitable<ApiResponse> put(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> get(const ApiRequest& request);
  boost::asio::awaitable<ApiResponse> remove(const ApiRequest& request);

 private:
  storage::images::ImageKey key_of(const ApiRequest& request) const;

  HandlerContext ctx_;
  storage::images::ImageStore& images_;
  storage::images::OwnerKind kind_;
};

// Without a public base: the API's own path, "/api/v1/devices/{id}/image?v=<version>" or
// "/api/v1/users/{id}/avatar?v=<version>". With one (IMAGES_PUBLIC_BASE_URL, CloudFront's /images/ in
// AWS): the object under it, "<base>devices/{id}?v=<version>". Either way a replaced image has a new
// URL, so no cache serves the old one.
std::string image_url(const storage::images::ImageKey& key, std::string_view public_base,
                      std::string_view version);

// The image_url of an owner when the image store's index has an image for it (no I/O), or nothing
// (also without an image store).
std::optional<std::string> linked_image_url(const HandlerContext& ctx, storage::images::OwnerKind kind,
                                            std::string_view owner_id);

// Adds "image_url" to a device or user object when the image store's index has an image for it (no
// I/O). Does nothing without an image store or when the object has no string member `id_field`.
void add_image_url(boost::json::object& item, const HandlerContext& ctx, storage::images::OwnerKind kind,
                   std::string_view id_field);

// The same for every item of a page object ({"items": [...]}).
void add_image_urls(boost::json::object& page, const HandlerContext& ctx, storage::images::OwnerKind kind,
                    std::string_view id_field);

}  // namespace portfolio::api
