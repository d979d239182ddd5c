#include "aws/environment_credentials.hpp"

#include <cstdlib>

namespace portfolio::aws {

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    // The service never changes its own environment, so reading it from any thread is safe.
    const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr || *value == '\0') {
      return std::nullopt;
    }
    return std::string(value);
  };
}

domain::Result<std::optional<Credentials>> EnvironmentCredentials::load() {
  auto key = env_("AWS_ACCESS_KEY_ID");
  auto secret = env_("AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) {
    return std::optional<Credentials>{};
  }
  return std::optional<Credentials>{Credentials{std::move(*key), std::move(*secret),
                                                env_("AWS_SESSION_TOKEN"), std::nullopt, "environment"}};
}

}  // namespace portfolio::aws
