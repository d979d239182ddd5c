#include "http/access_log.hpp"

#include <cmath>
#include <string>

#include "domain/clock.hpp"
#include "json/json_text.hpp"
#include "logging/logger.hpp"

namespace portfolio::http {
namespace {

// `,"name":"value"`, with `key` already written as `,"name":` (the names are constants).
void append_field(std::string& line, std::string_view key, std::string_view value) {
  line.append(key);
  json::append_string(line, value);
}

template <typename Number>
void append_number_field(std::string& line, std::string_view key, Number value) {
  line.append(key);
  json::append_number(line, value);
}

// `"<ISO-8601 time with milliseconds>"`, as domain::format_iso8601 writes it, of now. The text up to
// the seconds is kept per thread and rewritten once a second: only the milliseconds change between
// most lines.
void append_timestamp(std::string& line) {
  constexpr std::int64_t kMsPerSecond = 1000;
  constexpr std::size_t kSecondsLength = 20;  // "2026-12-01T17:04:03."
  thread_local std::int64_t cached_second = -1;
  thread_local std::string seconds_text;
  const auto now_ms = domain::now_epoch_ms();
  if (now_ms < 0) {  // before 1970: not worth a cache
    json::append_string(line, domain::format_iso8601(now_ms));
    return;
  }
  const auto second = now_ms / kMsPerSecond;
  if (second != cached_second) {
    seconds_text = domain::format_iso8601(second * kMsPerSecond).substr(0, kSecondsLength);
    cached_second = second;
  }
  const auto ms = static_cast<unsigned>(now_ms % kMsPerSecond);
  line.push_back('"');
  line.append(seconds_text);
  line.push_back(static_cast<char>('0' + ms / 100));
  line.push_back(static_cast<char>('0' + ms / 10 % 10));
  line.push_back(static_cast<char>('0' + ms % 10));
  line.append("Z\"");
}

}  // namespace

void AccessLog::on_request(const RequestRecord& record) {
  const double latency_ms = std::round(record.latency_ms * 1000.0) / 1000.0;
  if (record.status >= 500) {
    // Errors take the logger's own path, which flushes them at once.
    logging::error("request", {{"method", record.method},
                               {"route", record.route},
                               {"path", record.path},
                               {"status", record.status},
                               {"latency_ms", latency_ms},
                               {"bytes", record.bytes},
                               {"request_id", record.request_id},
                               {"client_ip", record.client_ip}});
    return;
  }
  if (!logging::enabled(logging::Level::info)) return;
  // The line the logger would write for these fields, built without a JSON document: this runs for
  // every request. One buffer per thread, so a line costs no allocation once it has grown.
  thread_local std::string line;
  line.clear();
  line.append(R"({"ts":)");
  append_timestamp(line);
  line.append(R"(,"level":"info","msg":"request")");
  append_field(line, R"(,"method":)", record.method);
  append_field(line, R"(,"route":)", record.route);
  append_field(line, R"(,"path":)", record.path);
  append_number_field(line, R"(,"status":)", static_cast<std::uint64_t>(record.status));
  append_number_field(line, R"(,"latency_ms":)", latency_ms);
  append_number_field(line, R"(,"bytes":)", static_cast<std::uint64_t>(record.bytes));
  append_field(line, R"(,"request_id":)", record.request_id);
  append_field(line, R"(,"client_ip":)", record.client_ip);
  line.push_back('}');
  logging::write_raw(line);
}

}  // namespace portfolio::http
