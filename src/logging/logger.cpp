#include "logging/logger.hpp"

#include <atomic>
#include <mutex>

#include "domain/clock.hpp"
#include "json/json_text.hpp"
#include "logging/batched_writer.hpp"

namespace portfolio::logging {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::info)};
std::mutex g_writer_mutex;  // guards creation and destruction of the writer, not its use
std::atomic<BatchedWriter*> g_writer{nullptr};

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

BatchedWriter& writer() {
  if (auto* existing = g_writer.load(std::memory_order_acquire)) return *existing;
  std::lock_guard lock(g_writer_mutex);
  if (g_writer.load(std::memory_order_relaxed) == nullptr) {
    g_writer.store(new BatchedWriter(BatchedWriter::Options{}), std::memory_order_release);  // NOLINT
  }
  return *g_writer.load(std::memory_order_relaxed);
}

}  // namespace

void init(Level min_level) {
  g_min_level = static_cast<int>(min_level);
  writer();
}

bool enabled(Level level) {
  return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view msg, const boost::json::object& fields) {
  if (!enabled(level)) return;
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["ts"] = domain::format_iso8601(domain::now_epoch_ms());
  line["level"] = level_name(level);
  line["msg"] = msg;
  for (const auto& [key, value] : fields) line[key] = value;
  writer().append(portfolio::json::to_text(line), level == Level::error);
}

void write_raw(std::string_view json_line) {
  writer().append(json_line);
}

void flush() {
  writer().flush();
}

// Called once the service's threads have stopped: writes what is left, then ends the writer thread.
void shutdown() {
  std::lock_guard lock(g_writer_mutex);
  delete g_writer.exchange(nullptr);  // NOLINT(cppcoreguidelines-owning-memory)
}

std::optional<Level> parse_level(std::string_view text) {
  if (text == "debug") return Level::debug;
  if (text == "info") return Level::info;
  if (text == "warn" || text == "warning") return Level::warn;
  if (text == "error") return Level::error;
  return std::nullopt;
}

}  // namespace portfolio::logging
