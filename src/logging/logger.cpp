#include "logging/logger.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>

#include "domain/clock.hpp"

namespace portfolio::logging {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::info)};
std::shared_ptr<spdlog::logger> g_logger;

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

spdlog::logger& logger() {
  if (!g_logger) init(static_cast<Level>(g_min_level.load()));
  return *g_logger;
}

}  // namespace

void init(Level min_level) {
  g_min_level = static_cast<int>(min_level);
  if (g_logger) return;
  // A bounded queue: if stdout stalls for long, the oldest lines go rather than the service.
  spdlog::init_thread_pool(8192, 1);
  g_logger = spdlog::create_async_nb<spdlog::sinks::stdout_sink_mt>("portfolio");
  g_logger->set_pattern("%v");
  g_logger->set_level(spdlog::level::trace);
  g_logger->flush_on(spdlog::level::err);
}

bool enabled(Level level) { return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view msg, const boost::json::object& fields) {
  if (!enabled(level)) return;
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["ts"] = domain::format_iso8601(domain::now_epoch_ms());
  line["level"] = level_name(level);
  line["msg"] = msg;
  for (const auto& [key, value] : fields) line[key] = value;
  write_raw(boost::json::serialize(line));
}

void write_raw(std::string_view json_line) { logger().info(json_line); }

void flush() {
  if (g_logger) g_logger->flush();
}

void shutdown() {
  flush();
  spdlog::shutdown();
  g_logger.reset();
}

std::optional<Level> parse_level(std::string_view text) {
  if (text == "debug") return Level::debug;
  if (text == "info") return Level::info;
  if (text == "warn" || text == "warning") return Level::warn;
  if (text == "error") return Level::error;
  return std::nullopt;
}

}  // namespace portfolio::logging
