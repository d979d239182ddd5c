// record() runs on every response: once a route has been seen, it must not touch the heap.
// This binary counts every operator new, which is why it is separate from the other tests.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "observability/emf_aggregator.hpp"

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t /*size*/) noexcept {
  std::free(p);
}

namespace portfolio::observability {
namespace {

TEST(EmfAggregatorAllocations, RecordingAKnownRouteAllocatesNothing) {
  EmfAggregator aggregator;
  aggregator.record("GET /api/v1/users/{user_id}", 200, 1.0);
  aggregator.record("POST /api/v1/metrics", 201, 1.0);

  const long before = allocations.load();
  for (int i = 0; i < 10'000; ++i) {
    aggregator.record("GET /api/v1/users/{user_id}", i % 7 == 0 ? 404 : 200, 0.1 * i);
    aggregator.record("POST /api/v1/metrics", 201, 2.5);
  }
  EXPECT_EQ(allocations.load() - before, 0);

  // Still none after a flush: entries are reset, not erased.
  EXPECT_EQ(aggregator.flush(1).size(), 2u);
  const long after_flush = allocations.load();
  aggregator.record("POST /api/v1/metrics", 201, 2.5);
  EXPECT_EQ(allocations.load() - after_flush, 0);
}

TEST(EmfAggregatorAllocations, TheCountingItselfWorks) {
  const long before = allocations.load();
  const std::vector<int> numbers(16, 3);
  EXPECT_EQ(allocations.load() - before, 1);
  EXPECT_EQ(numbers.size(), 16u);
}

}  // namespace
}  // namespace portfolio::observability
