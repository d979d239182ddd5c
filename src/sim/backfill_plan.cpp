#include "sim/backfill_plan.hpp"

#include <algorithm>

namespace portfolio::sim {

BackfillPlan::BackfillPlan(std::int64_t end_ms, std::chrono::milliseconds span,
                           std::chrono::milliseconds step, std::size_t devices)
    : devices_(devices),
      steps_(step.count() > 0 ? static_cast<std::size_t>(span.count() / step.count()) : 0),
      step_ms_(step.count()),
      last_ms_(step.count() > 0 ? end_ms - end_ms % step.count() : end_ms) {
  first_ms_ = steps_ > 0 ? last_ms_ - static_cast<std::int64_t>(steps_ - 1) * step_ms_ : last_ms_;
}

std::size_t BackfillPlan::batch_count(std::size_t batch_size) const noexcept {
  return batch_size == 0 ? 0 : (total_readings() + batch_size - 1) / batch_size;
}

std::vector<domain::Reading> BackfillPlan::batch(const ReadingGenerator& generator, std::size_t index,
                                                 std::size_t batch_size) const {
  std::vector<domain::Reading> readings;
  const std::size_t begin = index * batch_size;
  const std::size_t end = std::min(total_readings(), begin + batch_size);
  if (begin >= end) {
    return readings;
  }
  readings.reserve(end - begin);
  for (std::size_t n = begin; n < end; ++n) {
    // Window w covers steps [w * batch_size, (w + 1) * batch_size), the last one fewer: its
    // readings are every device's run of those steps, device after device.
    const std::size_t window_first_step = n / (batch_size * devices_) * batch_size;
    const std::size_t window_steps = std::min(batch_size, steps_ - window_first_step);
    const std::size_t in_window = n - window_first_step * devices_;
    const auto step = static_cast<std::int64_t>(window_first_step + in_window % window_steps);
    readings.push_back(generator.reading(in_window / window_steps, first_ms_ + step * step_ms_));
  }
  return readings;
}

}  // namespace portfolio::sim
