#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace portfolio::logging {

// Collects log lines in memory and writes them to a file descriptor from a background thread, in
// batches: at most every `interval`, sooner once `wake_bytes` are waiting or when asked to flush.
//
// Why not spdlog's async logger: it wakes its worker thread for every message, and on a busy core
// that wake-up (a context switch per request) cost more than formatting the line. Here a request
// only appends to a buffer under a short lock. Memory is bounded: past `max_bytes` waiting (stdout
// stalled), lines are dropped and counted, and the count is reported once writing resumes.
class BatchedWriter {
 public:
  struct Options {
    int fd = 1;
    std::size_t wake_bytes = std::size_t{64} * 1024;
    std::size_t max_bytes = std::size_t{8} * 1024 * 1024;
    std::chrono::milliseconds interval{100};
  };

  explicit BatchedWriter(Options options);
  ~BatchedWriter();
  BatchedWriter(const BatchedWriter&) = delete;
  BatchedWriter& operator=(const BatchedWriter&) = delete;

  // Appends `line` and a newline. `urgent` lines (errors) are written without waiting for the interval.
  void append(std::string_view line, bool urgent = false);
  // Returns once everything appended so far has been written.
  void flush();
  std::uint64_t dropped() const;

 private:
  void run();
  void write_out(const std::string& data) const;

  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable written_;
  std::string pending_;
  std::uint64_t appended_batches_ = 0;  // batches handed to the worker, for flush()
  std::uint64_t written_batches_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t dropped_reported_ = 0;
  bool urgent_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace portfolio::logging
