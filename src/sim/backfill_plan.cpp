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
    const auto step = static_cast<std::int64_t>(n / devices_);
    readings.push_back(generator.reading(n % devices_, first_ms_ + step * step_ms_));
  }
  return readings;
}

}  // namespace portfolio::sim
