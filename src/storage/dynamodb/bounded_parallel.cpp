#include "storage/dynamodb/bounded_parallel.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace portfolio::storage::dynamodb {

domain::Result<void> run_bounded_parallel(std::size_t count, std::size_t parallelism,
                                          const std::function<domain::Result<void>(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::optional<domain::Error> first_error;

  auto work = [&] {
    while (!failed.load()) {
      const std::size_t index = next.fetch_add(1);
      if (index >= count) {
        return;
      }
      auto result = task(index);
      if (!result) {
        std::lock_guard lock(error_mutex);
        if (!first_error) {
          first_error = result.error();
        }
        failed = true;
      }
    }
  };

  const std::size_t helpers = std::min(parallelism, count) > 1 ? std::min(parallelism, count) - 1 : 0;
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t i = 0; i < helpers; ++i) {
    threads.emplace_back(work);
  }
  work();
  for (auto& thread : threads) {
    thread.join();
  }
  if (first_error) {
    return *first_error;
  }
  return {};
}

}  // namespace portfolio::storage::dynamodb
