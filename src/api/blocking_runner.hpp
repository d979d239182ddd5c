#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstddef>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "threads/background_thread.hpp"

namespace portfolio::api {

// Runs blocking calls (storage) on a dedicated thread pool and resumes the awaiting coroutine on its
// own I/O executor, so that no I/O thread ever waits on disk or network. Its threads are background
// threads (threads::run_as_background_thread): handing them a call does not preempt the I/O thread.
//
// Name the callable before awaiting: `auto op = [..] {..}; co_await runner.run(std::move(op));`.
// GCC 12 miscompiles class-type temporaries created inside a co_await operand (a lambda with
// captures, `T{...}`): they are relocated bitwise, which corrupts members such as std::string.
// Captures by reference are safe: the awaiting coroutine's frame outlives the call.
class BlockingRunner {
 public:
  explicit BlockingRunner(std::size_t threads) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
      threads_.emplace_back([this] {
        (void)threads::run_as_background_thread();
        pool_.run();
      });
    }
  }
  ~BlockingRunner() { stop(); }
  BlockingRunner(const BlockingRunner&) = delete;
  BlockingRunner& operator=(const BlockingRunner&) = delete;

  template <class F>
  auto run(F f) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(R)>(
        [this](auto handler, F fn) {
          auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
          boost::asio::post(pool_, [handler = std::move(handler), fn = std::move(fn),
                                    work = std::move(work)]() mutable {
            R result = invoke_guarded(fn);
            auto executor = work.get_executor();
            boost::asio::post(executor, [handler = std::move(handler), result = std::move(result)]() mutable {
              std::move(handler)(std::move(result));
            });
          });
        },
        boost::asio::use_awaitable, std::move(f));
  }

  // Calls not yet started are dropped; the ones running finish first. Idempotent.
  void stop() {
    pool_.stop();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  // Storage never throws by contract; should it (out of memory), the request fails with a 500 instead
  // of the exception ending the process on a pool thread.
  template <class F>
  static std::invoke_result_t<F&> invoke_guarded(F& fn) {
    using R = std::invoke_result_t<F&>;
    static_assert(std::is_constructible_v<R, domain::Error>, "blocking calls return a domain::Result");
    try {
      return fn();
    } catch (const std::exception& e) {
      return R(domain::Error::internal(e.what()));
    }
  }

  boost::asio::io_context pool_;
  // Keeps the threads waiting for calls while none is queued, until stop().
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> idle_ =
      boost::asio::make_work_guard(pool_);
  std::vector<std::thread> threads_;  // started in the constructor, joined by stop()
};

}  // namespace portfolio::api
