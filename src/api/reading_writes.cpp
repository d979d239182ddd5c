#include "api/reading_writes.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace portfolio::api {
namespace asio = boost::asio;
using domain::Result;

namespace {

// Suspends until the queue reports the write done. The completion runs on a storage thread, so the
// coroutine is resumed by a post to its own executor, whose work guard keeps the I/O loop running
// (and a draining service alive) while the write waits.
asio::awaitable<Result<void>> queued_write(storage::ReadingQueue& queue,
                                           std::span<const domain::Reading> readings) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(Result<void>)>(
      [&queue, readings](auto handler) {
        using Handler = decltype(handler);
        struct Waiter {
          Handler handler;
          asio::executor_work_guard<asio::associated_executor_t<Handler>> work;
        };
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        // Shared, because the queue's completion is a copyable std::function and the handler is not.
        auto waiter = std::make_shared<Waiter>(Waiter{std::move(handler), std::move(work)});
        queue.submit(readings, [waiter](Result<void> result) {
          asio::post(waiter->work.get_executor(), [waiter, result = std::move(result)]() mutable {
            std::move(waiter->handler)(std::move(result));
          });
        });
      },
      asio::use_awaitable);
}

}  // namespace

asio::awaitable<Result<void>> write_readings(const HandlerContext& ctx,
                                             std::span<const domain::Reading> readings) {
  if (auto* queue = ctx.store.reading_queue(); queue != nullptr) {
    co_return co_await queued_write(*queue, readings);
  }
  auto put_all = [&store = ctx.store, readings] { return store.put_readings(readings); };
  co_return co_await ctx.runner.run(put_all);
}

}  // namespace portfolio::api
