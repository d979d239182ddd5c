#pragma once

#include <string_view>

#include "api/blocking_runner.hpp"
#include "api/cursor_codec.hpp"
#include "storage/images/image_store.hpp"
#include "storage/store.hpp"

namespace portfolio::api {

// What every handler needs: the store, the pool its blocking calls run on, and the cursor codec.
struct HandlerContext {
  storage::Store& store;
  BlockingRunner& runner;
  const CursorCodec& cursors;
  storage::images::ImageStore* images = nullptr;  // image_url on users and devices; avatars of deleted users
  // IMAGES_PUBLIC_BASE_URL: where image_url points (empty: the API). Views the service's Config,
  // which outlives every handler.
  std::string_view images_public_base{};
};

}  // namespace portfolio::api
