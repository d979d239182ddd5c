#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "aws/http_client.hpp"
#include "sim/api_response.hpp"

namespace portfolio::sim {

// The portfolio API as the simulator calls it, over the project's HTTP client (aws::HttpClient).
// Connections are kept alive across requests; every request has a connect and a total deadline, so a
// dead or stalled server shows up as an error, never as a hang. Responses over 4 MiB are refused.
class ApiClient {
 public:
  struct Options {
    std::string base_url;  // http://host:port, no trailing slash needed
    std::string api_key;   // sent as X-API-Key when not empty
    std::chrono::milliseconds timeout{10'000};
  };

  explicit ApiClient(Options options);

  const std::string& base_url() const noexcept { return options_.base_url; }

  ApiResponse get(std::string_view path);
  ApiResponse post_json(std::string_view path, const std::string& body);

 private:
  ApiResponse perform(std::string method, std::string_view path, std::string body);

  Options options_;
  aws::HttpClient http_;
};

}  // namespace portfolio::sim
