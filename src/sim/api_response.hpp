#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace portfolio::sim {

// What came back from one request: an HTTP response, or the reason none arrived.
struct ApiResponse {
  long status = 0;  // 0 when no HTTP response arrived
  std::string body;
  std::string transport_error;  // why no response arrived, when status is 0
  std::optional<long> retry_after_seconds;

  bool reached() const noexcept { return status != 0; }
  bool ok() const noexcept { return status >= 200 && status < 300; }
};

// One line for a person: `HTTP 401 UNAUTHORIZED: X-API-Key is missing or wrong`, taken from the API's
// documented error shape, or the transport failure (`cannot reach the API at ...: Connection refused`).
std::string describe_failure(const ApiResponse& response, const std::string& api_url);

// The per-reading outcome of POST /api/v1/metrics/batch.
struct BatchRejection {
  std::size_t index = 0;
  std::string error_code;
  std::string message;
};

struct BatchOutcome {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::vector<BatchRejection> rejections;
};

// Empty when the body is not the documented batch response.
std::optional<BatchOutcome> parse_batch_outcome(const std::string& body);

}  // namespace portfolio::sim
