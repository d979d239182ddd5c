#include "sim/stop_signal.hpp"

#include <atomic>
#include <csignal>
#include <thread>

namespace portfolio::sim {
namespace {

std::atomic<bool> stop_flag{false};  // NOLINT: written by the signal handler, so it must be a global

extern "C" void on_stop_signal(int /*signal*/) {
  stop_flag.store(true);
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() noexcept {
  return stop_flag.load();
}

bool sleep_unless_stopped(std::chrono::milliseconds duration) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + duration;
  while (!stop_requested()) {
    const auto left = deadline - clock::now();
    if (left <= clock::duration::zero()) {
      return true;
    }
    std::this_thread::sleep_for(std::min<clock::duration>(left, std::chrono::milliseconds(50)));
  }
  return false;
}

}  // namespace portfolio::sim
