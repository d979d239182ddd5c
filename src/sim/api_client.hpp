#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "sim/api_response.hpp"

namespace portfolio::sim {

// A blocking HTTP client for the portfolio API over libcurl. One connection is kept alive across
// requests; every request has a connect and a total deadline, so a dead or stalled server shows up as
// an error, never as a hang. Not thread-safe: one client per thread.
class ApiClient {
 public:
  struct Options {
    std::string base_url;  // http://host:port, no trailing slash needed
    std::string api_key;   // sent as X-API-Key when not empty
    std::chrono::milliseconds timeout{10'000};
  };

  explicit ApiClient(Options options);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  const std::string& base_url() const noexcept { return options_.base_url; }

  ApiResponse get(std::string_view path);
  ApiResponse post_json(std::string_view path, const std::string& body);

 private:
  struct Curl;
  ApiResponse perform(std::string_view path, const std::string* body);

  Options options_;
  std::unique_ptr<Curl> curl_;
};

}  // namespace portfolio::sim
