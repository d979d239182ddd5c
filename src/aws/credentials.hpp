#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace portfolio::aws {

// One set of AWS credentials. Temporary credentials (ECS task role, assumed roles) carry a session
// token and an expiration; long-term keys have neither.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // where they came from ("environment", "container", "profile default"); for logs

  bool operator==(const Credentials&) const = default;
};

}  // namespace portfolio::aws
