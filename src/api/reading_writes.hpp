#pragma once

#include <boost/asio/awaitable.hpp>
#include <span>

#include "api/handler_context.hpp"
#include "domain/error.hpp"
#include "domain/reading.hpp"

namespace portfolio::api {

// Writes readings durably and resumes on the caller's executor. Through the back end's own queue
// when it has one, so that no thread waits for the commit (SQLite's group commit); otherwise with
// put_readings on the storage runner. `readings` must stay alive until the write is done.
boost::asio::awaitable<domain::Result<void>> write_readings(const HandlerContext& ctx,
                                                            std::span<const domain::Reading> readings);

}  // namespace portfolio::api
