#include "logging/batched_writer.hpp"

#include <unistd.h>

#include <cerrno>

namespace portfolio::logging {

BatchedWriter::BatchedWriter(Options options) : options_(options), worker_([this] { run(); }) {}

BatchedWriter::~BatchedWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void BatchedWriter::append(std::string_view line, bool urgent) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() + line.size() + 1 > options_.max_bytes) {
      ++dropped_;
      return;
    }
    pending_.append(line);
    pending_.push_back('\n');
    urgent_ = urgent_ || urgent;
    wake = urgent || pending_.size() >= options_.wake_bytes;
  }
  if (wake) wake_.notify_one();
}

void BatchedWriter::flush() {
  std::unique_lock lock(mutex_);
  // What is waiting goes out with the next batch; a batch being written now only needs finishing.
  const auto target = pending_.empty() ? appended_batches_ : appended_batches_ + 1;
  urgent_ = !pending_.empty();
  wake_.notify_one();
  written_.wait(lock, [&] { return written_batches_ >= target || stopping_; });
}

std::uint64_t BatchedWriter::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void BatchedWriter::run() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.interval,
                   [&] { return stopping_ || urgent_ || pending_.size() >= options_.wake_bytes; });
    const bool stop = stopping_;
    if (dropped_ > dropped_reported_) {
      pending_ +=
          R"({"level":"warn","msg":"log lines dropped while stdout was not keeping up","dropped_total":)" +
          std::to_string(dropped_) + "}\n";
      dropped_reported_ = dropped_;
    }
    batch.swap(pending_);
    urgent_ = false;
    ++appended_batches_;
    lock.unlock();
    write_out(batch);
    batch.clear();
    lock.lock();
    ++written_batches_;
    written_.notify_all();
    if (stop && pending_.empty()) return;
  }
}

void BatchedWriter::write_out(const std::string& data) const {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(options_.fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stdout is gone; nothing better to do with a log line
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace portfolio::logging
