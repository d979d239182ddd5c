#pragma once

#include "api/blocking_runner.hpp"
#include "api/cursor_codec.hpp"
#include "storage/store.hpp"

namespace portfolio::api {

// What every handler needs: the store, the pool its blocking calls run on, and the cursor codec.
struct HandlerContext {
  storage::Store& store;
  BlockingRunner& runner;
  const CursorCodec& cursors;
};

}  // namespace portfolio::api
