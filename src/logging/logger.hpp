#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

namespace portfolio::logging {

enum class Level { debug, info, warn, error };

// Structured logs: one JSON object per line on stdout, written by a background thread so that an
// I/O thread never waits on a slow pipe. CloudWatch Logs (awslogs driver) takes each line as an event.
//
// Every line has "ts" (ISO-8601 UTC), "level" and "msg"; `fields` adds the rest. Never pass secrets
// or e-mail addresses.
void init(Level min_level);
void write(Level level, std::string_view msg, const boost::json::object& fields = {});
// Writes a pre-serialised JSON line as it is (used for CloudWatch Embedded Metric Format documents).
void write_raw(std::string_view json_line);
bool enabled(Level level);
void flush();
void shutdown();

std::optional<Level> parse_level(std::string_view text);

inline void info(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::info, msg, fields);
}
inline void warn(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::warn, msg, fields);
}
inline void error(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::error, msg, fields);
}

}  // namespace portfolio::logging
