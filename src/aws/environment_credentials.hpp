#pragma once

#include "aws/credentials_source.hpp"

namespace portfolio::aws {

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the optional AWS_SESSION_TOKEN.
class EnvironmentCredentials : public CredentialsSource {
 public:
  explicit EnvironmentCredentials(Environment env) : env_(std::move(env)) {}
  std::string_view name() const override { return "environment"; }
  domain::Result<std::optional<Credentials>> load() override;
  std::string not_configured() const override {
    return "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set";
  }

 private:
  Environment env_;
};

}  // namespace portfolio::aws
