#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "sim/api_client.hpp"

namespace portfolio::sim {

// Sends a request and rides out what a healthy API may briefly answer: a 429 (waits as long as
// Retry-After says), a 503 or a dropped connection (a few retries with growing pauses). Anything else,
// and a problem that outlasts the retries, is returned to the caller to report.
class Delivery {
 public:
  Delivery(ApiClient& client, std::ostream& log) : client_(client), log_(log) {}

  ApiResponse post_json(std::string_view path, const std::string& body);

 private:
  ApiClient& client_;
  std::ostream& log_;
};

}  // namespace portfolio::sim
