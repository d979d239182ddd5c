#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>

namespace portfolio::sim {

// Shows how far a backfill has got. On a terminal: one bar redrawn in place, at most ten times a
// second. Elsewhere (CI logs, pipes): a plain line at every tenth of the work, so logs stay short.
class ProgressReporter {
 public:
  ProgressReporter(std::ostream& out, std::size_t total, bool terminal);

  void update(std::size_t done);
  void finish();

 private:
  void draw(std::size_t done);

  std::ostream& out_;
  std::size_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::size_t last_tenth_ = 0;
  std::size_t done_ = 0;
};

}  // namespace portfolio::sim
