#include "http/access_log.hpp"

#include <cmath>

#include "logging/logger.hpp"

namespace portfolio::http {

void AccessLog::on_request(const RequestRecord& record) {
  const auto level = record.status >= 500 ? logging::Level::error : logging::Level::info;
  if (!logging::enabled(level)) return;
  logging::write(level, "request",
                 {{"method", record.method},
                  {"route", record.route},
                  {"path", record.path},
                  {"status", record.status},
                  {"latency_ms", std::round(record.latency_ms * 1000.0) / 1000.0},
                  {"bytes", record.bytes},
                  {"request_id", record.request_id},
                  {"client_ip", record.client_ip}});
}

}  // namespace portfolio::http
