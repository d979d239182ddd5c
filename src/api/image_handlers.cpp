#include "api/image_handlers.hpp"

#include <boost/json.hpp>

#include "api/api_error.hpp"
#include "api/responses.hpp"
#include "domain/reading_rules.hpp"
#include "domain/user_rules.hpp"
#include "storage/images/image_format.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;
using storage::images::ImageInfo;
using storage::images::ImageKey;
using storage::images::ImageReader;
using storage::images::OwnerKind;
using storage::images::ProbeError;

namespace {

// Images are replaced in place under the same URL: caches may keep a copy but must revalidate it
// (a 304 costs no body), so a replaced photo shows at once.
constexpr std::string_view kCacheControl = "public, no-cache";
constexpr std::size_t kPieceBytes = std::size_t{256} * 1024;

domain::Error owner_not_found(const ImageKey& key) {
  if (key.kind == OwnerKind::user)
    return {domain::ErrorCode::user_not_found, "no user with id " + key.owner_id, {}};
  return {domain::ErrorCode::device_not_found, "no device with id " + key.owner_id, {}};
}

bool valid_owner_id(const ImageKey& key) {
  if (key.kind == OwnerKind::user) return domain::looks_like_uuid(key.owner_id);
  return domain::ReadingRules::check_device_id(key.owner_id).empty();
}

// Blocking: a user exists, or a device has reported at least once.
domain::Result<void> check_owner(storage::Store& store, const ImageKey& key) {
  if (key.kind == OwnerKind::user) {
    auto user = store.get_user(key.owner_id);
    if (!user) return user.error();
    return {};
  }
  storage::HistoryQuery query;
  query.device_id = key.owner_id;
  query.page.limit = 1;
  auto history = store.device_history(query);
  if (!history) return history.error();
  if (history->items.empty()) return owner_not_found(key);
  return {};
}

ApiError image_error(unsigned status, std::string code, std::string title, std::string message) {
  return {status, std::move(code), std::move(title), std::move(message), {}};
}

ApiError invalid_image(std::string message) {
  auto error = ApiError::validation(message, {{"image", message}});
  return error;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  // A list of entity tags, weak or strong (weak comparison), or "*".
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    auto end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    auto tag = if_none_match.substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = end + 1;
  }
  return false;
}

// Reads the image on the storage runner, one bounded piece at a time.
class ImageBodyStream : public BodyStream {
 public:
  ImageBodyStream(std::unique_ptr<ImageReader> reader, BlockingRunner& runner)
      : reader_(std::move(reader)), runner_(runner) {}

  awaitable<bool> next(std::string& piece) override {
    piece.resize(kPieceBytes);
    auto read = [&reader = *reader_, &piece] {
      return reader.read(std::span<char>(piece.data(), piece.size()));
    };
    auto n = co_await runner_.run(std::move(read));
    if (!n) {
      piece.clear();
      co_return false;
    }
    piece.resize(*n);
    co_return true;
  }

 private:
  std::unique_ptr<ImageReader> reader_;
  BlockingRunner& runner_;
};

ApiResponse no_content() {
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace

std::string image_url(const ImageKey& key, std::string_view public_base, std::string_view version) {
  // The version makes a replaced image a new URL, so no cache (the browser's included) shows the old one.
  std::string url;
  if (public_base.empty()) {
    url = key.kind == OwnerKind::user ? "/api/v1/users/" + key.owner_id + "/avatar"
                                      : "/api/v1/devices/" + key.owner_id + "/image";
  } else {
    url.assign(public_base).append(key.name());
  }
  url.append("?v=").append(version);
  return url;
}

std::optional<std::string> linked_image_url(const HandlerContext& ctx, OwnerKind kind,
                                            std::string_view owner_id) {
  if (ctx.images == nullptr) return std::nullopt;
  const ImageKey key{kind, std::string(owner_id)};
  auto version = ctx.images->version(key);
  if (!version) return std::nullopt;
  return image_url(key, ctx.images_public_base, *version);
}

void add_image_url(json::object& item, const HandlerContext& ctx, OwnerKind kind, std::string_view id_field) {
  const auto* id = item.if_contains(id_field);
  if (id == nullptr || !id->is_string()) return;
  if (auto url = linked_image_url(ctx, kind, id->as_string())) item["image_url"] = *url;
}

void add_image_urls(json::object& page, const HandlerContext& ctx, OwnerKind kind,
                    std::string_view id_field) {
  if (ctx.images == nullptr) return;
  auto* items = page.if_contains("items");
  if (items == nullptr || !items->is_array()) return;
  for (auto& item : items->as_array()) {
    if (item.is_object()) add_image_url(item.as_object(), ctx, kind, id_field);
  }
}

ImageKey ImageHandlers::key_of(const ApiRequest& request) const {
  return {kind_, std::string(request.path_param(kind_ == OwnerKind::user ? "user_id" : "device_id"))};
}

// Each key is a named local: a class temporary inside a co_await operand is miscompiled by GCC 12
// (see BlockingRunner).
awaitable<ApiResponse> ImageHandlers::put(const ApiRequest& request) {
  const ImageKey key = key_of(request);
  if (!valid_owner_id(key)) co_return error_response(owner_not_found(key), request);
  if (request.body.size() > kMaxImageBytes) {
    co_return error_response(image_error(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                                         "images are limited to 5 MiB (5242880 bytes)"),
                             request.request_id);
  }
  auto facts = storage::images::probe_image(request.body);
  if (!facts) {
    if (facts.error().kind == ProbeError::Kind::unsupported) {
      co_return error_response(image_error(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
                                           "images must be JPEG, PNG or WebP (judged by the file's content)"),
                               request.request_id);
    }
    co_return error_response(invalid_image(facts.error().message), request.request_id);
  }
  if (facts->width > kMaxImageSide || facts->height > kMaxImageSide) {
    co_return error_response(
        invalid_image("the image is " + std::to_string(facts->width) + "x" + std::to_string(facts->height) +
                      " px; at most " + std::to_string(kMaxImageSide) + " px on a side is accepted"),
        request.request_id);
  }
  const ImageInfo info = storage::images::describe(request.body, storage::images::mime_type(facts->type),
                                                   facts->width, facts->height);
  auto store_image = [&store = ctx_.store, &images = images_, &key, &info, body = request.body] {
    auto owner = check_owner(store, key);
    if (!owner) return owner;
    return images.put(key, body, info);
  };
  auto stored = co_await ctx_.runner.run(std::move(store_image));
  if (!stored) co_return error_response(stored.error(), request);
  const auto version = images_.version(key).value_or(storage::images::unquoted_etag(info.etag));
  co_return json_response(200, json::object{{"image_url", image_url(key, ctx_.images_public_base, version)},
                                            {"content_type", info.content_type},
                                            {"bytes", info.bytes},
                                            {"width", info.width},
                                            {"height", info.height},
                                            {"etag", info.etag}});
}

awaitable<ApiResponse> ImageHandlers::get(const ApiRequest& request) {
  const ImageKey key = key_of(request);
  if (!valid_owner_id(key)) co_return error_response(owner_not_found(key), request);
  // The owner is looked up only when there is no image: serving an image costs no record read.
  auto open_image = [&store = ctx_.store, &images = images_,
                     &key]() -> domain::Result<std::unique_ptr<ImageReader>> {
    auto reader = images.open(key);
    if (!reader || *reader) return reader;
    auto owner = check_owner(store, key);
    if (!owner) return owner.error();
    return std::unique_ptr<ImageReader>();
  };
  auto reader = co_await ctx_.runner.run(std::move(open_image));
  if (!reader) co_return error_response(reader.error(), request);
  if (!*reader) {
    auto error = ApiError::not_found();
    error.message = (key.kind == OwnerKind::user ? "the user has no avatar" : "the device has no image");
    co_return error_response(error, request.request_id);
  }
  const ImageInfo info = (*reader)->info();
  ApiResponse response;
  response.headers.emplace_back("ETag", info.etag);
  response.headers.emplace_back("Cache-Control", std::string(kCacheControl));
  if (etag_matches(request.if_none_match, info.etag)) {
    response.status = 304;
    response.content_type.clear();
    co_return response;
  }
  response.content_type = info.content_type;
  response.stream = std::make_shared<ImageBodyStream>(std::move(*reader), ctx_.runner);
  response.stream_length = info.bytes;
  co_return response;
}

awaitable<ApiResponse> ImageHandlers::remove(const ApiRequest& request) {
  const ImageKey key = key_of(request);
  if (!valid_owner_id(key)) co_return error_response(owner_not_found(key), request);
  auto remove_image = [&store = ctx_.store, &images = images_, &key]() -> domain::Result<bool> {
    auto removed = images.remove(key);
    if (!removed || *removed) return removed;
    auto owner = check_owner(store, key);
    if (!owner) return owner.error();
    return false;
  };
  auto removed = co_await ctx_.runner.run(std::move(remove_image));
  if (!removed) co_return error_response(removed.error(), request);
  if (!*removed) {
    auto error = ApiError::not_found();
    error.message = (key.kind == OwnerKind::user ? "the user has no avatar" : "the device has no image");
    co_return error_response(error, request.request_id);
  }
  co_return no_content();
}

}  // namespace portfolio::api
