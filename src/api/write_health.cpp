#include "api/write_health.hpp"

#include "domain/clock.hpp"

namespace portfolio::api {

namespace {

bool is_write(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

void WriteHealth::observe(std::string_view method, unsigned status) {
  if (!is_write(method)) return;
  if (status >= 200 && status < 300) {
    record_success();
  } else if (status >= 500) {
    record_failure(domain::now_epoch_ms());
  }
}

void WriteHealth::record_success() {
  if (!failing_.load(std::memory_order_acquire)) return;
  const std::lock_guard lock(mutex_);
  state_ = Snapshot{};
  failing_.store(false, std::memory_order_release);
}

void WriteHealth::record_failure(std::int64_t at_ms) {
  const std::lock_guard lock(mutex_);
  if (!state_.failing) {
    state_.failing = true;
    state_.failing_since_ms = at_ms;
  }
  state_.last_failure_ms = at_ms;
  ++state_.failures;
  failing_.store(true, std::memory_order_release);
}

WriteHealth::Snapshot WriteHealth::snapshot() const {
  const std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace portfolio::api
