#include "sim/progress_reporter.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ostream>
#include <string>

namespace portfolio::sim {
namespace {

constexpr std::size_t kBarWidth = 30;

std::string fixed(double value, int decimals) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  return buffer.data();
}

}  // namespace

ProgressReporter::ProgressReporter(std::ostream& out, std::size_t total, bool terminal)
    : out_(out), total_(total), terminal_(terminal), started_(std::chrono::steady_clock::now()) {}

void ProgressReporter::update(std::size_t done) {
  done_ = std::min(done, total_);
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      draw(done_);
    }
    return;
  }
  const std::size_t tenth = total_ == 0 ? 10 : done_ * 10 / total_;
  if (tenth > last_tenth_) {
    last_tenth_ = tenth;
    draw(done_);
  }
}

void ProgressReporter::finish() {
  if (terminal_) {
    draw(done_);
    out_ << '\n';
  }
  out_.flush();
}

void ProgressReporter::draw(std::size_t done) {
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line;
  if (terminal_) {
    const auto filled = static_cast<std::size_t>(fraction * kBarWidth);
    line = "\r[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] ";
  } else {
    line = "backfill: ";
  }
  line += fixed(fraction * 100, 0) + "% " + std::to_string(done) + "/" + std::to_string(total_) +
          " readings, " + fixed(rate, 0) + " readings/s";
  if (rate > 0 && done < total_) {
    line += ", " + fixed(static_cast<double>(total_ - done) / rate, 0) + " s left";
  }
  out_ << line;
  if (terminal_) {
    out_ << "\x1b[K";  // clear what a longer previous line left behind
  } else {
    out_ << '\n';
  }
  out_.flush();
}

}  // namespace portfolio::sim
