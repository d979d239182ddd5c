#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "domain/error.hpp"

namespace portfolio::aws {

// Reads an environment variable; injected so tests need not touch the process environment.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
Environment process_environment();

// One place credentials may come from. load() answers nullopt when this source is not configured
// on this machine (with not_configured() saying why, for the chain's error message), and an error
// when it is configured but failed.
class CredentialsSource {
 public:
  virtual ~CredentialsSource() = default;
  virtual std::string_view name() const = 0;
  virtual domain::Result<std::optional<Credentials>> load() = 0;
  virtual std::string not_configured() const = 0;
};

}  // namespace portfolio::aws
