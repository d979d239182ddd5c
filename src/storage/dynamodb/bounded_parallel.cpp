#include "storage/dynamodb/bounded_parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace portfolio::storage::dynamodb {
namespace {

// A few threads shared by every run_bounded_parallel call of the process, started on first use:
// memory and thread count stay flat however many batches run (no thread per call). Its tasks never
// wait for other tasks, so it cannot deadlock; a caller always works on its own tasks too.
class SharedPool {
 public:
  // Never destroyed: its threads wait on its condition variable until the process ends, and
  // destroying that at exit would block in glibc (the service would hang after SIGTERM).
  static SharedPool& instance() {
    static auto* pool = new SharedPool(kThreads);  // NOLINT(cppcoreguidelines-owning-memory)
    return *pool;
  }

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

  SharedPool(const SharedPool&) = delete;
  SharedPool& operator=(const SharedPool&) = delete;

 private:
  static constexpr std::size_t kThreads = 8;

  explicit SharedPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) {
      std::thread([this] { run(); }).detach();  // lives as long as the process
    }
  }

  [[noreturn]] void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
};

}  // namespace

domain::Result<void> run_bounded_parallel(std::size_t count, std::size_t parallelism,
                                          const std::function<domain::Result<void>(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable helpers_done;
  std::size_t helpers_running = 0;
  std::optional<domain::Error> first_error;

  auto work = [&] {
    while (!failed.load()) {
      const std::size_t index = next.fetch_add(1);
      if (index >= count) {
        return;
      }
      auto result = task(index);
      if (!result) {
        std::lock_guard lock(mutex);
        if (!first_error) {
          first_error = result.error();
        }
        failed = true;
      }
    }
  };

  const std::size_t width = std::min(parallelism, count);
  const std::size_t helpers = width > 1 ? width - 1 : 0;
  helpers_running = helpers;
  for (std::size_t i = 0; i < helpers; ++i) {
    SharedPool::instance().post([&] {
      work();
      std::lock_guard lock(mutex);
      if (--helpers_running == 0) {
        helpers_done.notify_all();
      }
    });
  }
  work();
  {
    // The state above lives on this stack: wait until no helper can touch it any more.
    std::unique_lock lock(mutex);
    helpers_done.wait(lock, [&] { return helpers_running == 0; });
  }
  if (first_error) {
    return *first_error;
  }
  return {};
}

}  // namespace portfolio::storage::dynamodb
