#pragma once

#include <chrono>

namespace portfolio::sim {

// SIGINT and SIGTERM ask the simulator to stop after the request in flight, instead of killing it
// half-way through a batch and leaving no summary.
void install_stop_handlers();
bool stop_requested() noexcept;

// Sleeps for `duration` unless a stop is requested first; returns false when it was.
bool sleep_unless_stopped(std::chrono::milliseconds duration);

}  // namespace portfolio::sim
