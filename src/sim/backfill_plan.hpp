#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/reading.hpp"
#include "sim/reading_generator.hpp"

namespace portfolio::sim {

// Which readings a backfill sends, and in which batches: every device at every step of a grid that is
// aligned to the step and ends at or before `end_ms`. Aligning to the step makes two backfills with
// the same seed, step and end produce the same readings even when started apart.
//
// The order follows the stores' key (device, then time), not the clock: the span is walked in windows
// of `batch_size` steps, oldest first, and each window sends every device's run of consecutive
// readings in it, device after device. A full batch is therefore one device's history of
// `batch_size` steps, which a store keyed by device and time appends to a few pages, where a batch of
// every device at a few steps touches one page per device (measured on SQLite: 2x the readings/s at
// 100 devices, bench/backfill.sh). Every device's readings still arrive oldest first, and a window's
// readings all arrive before the next window's. With fewer steps than `batch_size` (a large fleet
// with few readings each) a batch holds several devices' runs.
class BackfillPlan {
 public:
  BackfillPlan(std::int64_t end_ms, std::chrono::milliseconds span, std::chrono::milliseconds step,
               std::size_t devices);

  std::size_t steps() const noexcept { return steps_; }
  std::size_t total_readings() const noexcept { return steps_ * devices_; }
  std::int64_t first_timestamp_ms() const noexcept { return first_ms_; }
  std::int64_t last_timestamp_ms() const noexcept { return last_ms_; }
  std::size_t batch_count(std::size_t batch_size) const noexcept;

  // Readings [index * batch_size, (index + 1) * batch_size) of the whole backfill, in the order above;
  // every call for one backfill must pass the same batch_size.
  std::vector<domain::Reading> batch(const ReadingGenerator& generator, std::size_t index,
                                     std::size_t batch_size) const;

 private:
  std::size_t devices_;
  std::size_t steps_;
  std::int64_t step_ms_;
  std::int64_t first_ms_;
  std::int64_t last_ms_;
};

}  // namespace portfolio::sim
