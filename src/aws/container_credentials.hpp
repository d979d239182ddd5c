#pragma once

#include <memory>

#include "aws/credentials_source.hpp"
#include "aws/http_client.hpp"

namespace portfolio::aws {

// The ECS task role: the agent serves temporary credentials at 169.254.170.2 plus
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or at AWS_CONTAINER_CREDENTIALS_FULL_URI, with an optional
// Authorization token from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN.
class ContainerCredentials : public CredentialsSource {
 public:
  static constexpr std::string_view kEcsAgentBase = "http://169.254.170.2";

  explicit ContainerCredentials(Environment env, std::string relative_base = std::string(kEcsAgentBase));
  std::string_view name() const override { return "container"; }
  domain::Result<std::optional<Credentials>> load() override;
  std::string not_configured() const override {
    return "ECS container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
           "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set";
  }

 private:
  domain::Result<std::string> endpoint_url() const;
  domain::Result<std::optional<std::string>> authorization_token() const;

  Environment env_;
  std::string relative_base_;
  HttpClient http_;
};

// Parses the agent's JSON answer ({AccessKeyId, SecretAccessKey, Token, Expiration}).
domain::Result<Credentials> parse_container_credentials(std::string_view body);
// Parses "2026-11-28T10:00:00Z" (optionally with fractional seconds).
std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text);

}  // namespace portfolio::aws
