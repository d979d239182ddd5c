#include "aws/credentials_provider.hpp"

#include "aws/container_credentials.hpp"
#include "aws/environment_credentials.hpp"
#include "aws/profile_credentials.hpp"

namespace portfolio::aws {

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsSource>> sources,
                                   std::chrono::seconds refresh_before, Clock clock)
    : sources_(std::move(sources)), refresh_before_(refresh_before), clock_(std::move(clock)) {}

domain::Result<Credentials> CredentialsChain::get() {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  if (cached_ && (!cached_->expiration || now + refresh_before_ < *cached_->expiration)) {
    return *cached_;
  }
  auto fresh = resolve();
  if (fresh) {
    cached_ = *fresh;
    return fresh;
  }
  if (cached_ && cached_->expiration && now < *cached_->expiration) {
    return *cached_;  // still valid: ride out a failing refresh
  }
  return fresh;
}

domain::Result<Credentials> CredentialsChain::resolve() {
  if (chosen_ != nullptr) {
    auto loaded = chosen_->load();
    if (!loaded) {
      return loaded.error();
    }
    if (*loaded) {
      return **loaded;
    }
    chosen_ = nullptr;  // the source went away (e.g. profile removed): walk the chain again
  }
  std::string tried;
  for (const auto& source : sources_) {
    auto loaded = source->load();
    if (!loaded) {
      return domain::Error::unavailable("AWS credentials from " + std::string(source->name()) +
                                        " failed: " + loaded.error().message);
    }
    if (*loaded) {
      chosen_ = source.get();
      return **loaded;
    }
    tried += (tried.empty() ? "" : "; ") + source->not_configured();
  }
  return domain::Error::unavailable("no AWS credentials found; tried " + tried);
}

std::unique_ptr<CredentialsChain> default_credentials_chain(const Environment& env) {
  std::vector<std::unique_ptr<CredentialsSource>> sources;
  sources.push_back(std::make_unique<EnvironmentCredentials>(env));
  sources.push_back(std::make_unique<ContainerCredentials>(env));
  sources.push_back(std::make_unique<ProfileCredentials>(env));
  return std::make_unique<CredentialsChain>(std::move(sources));
}

}  // namespace portfolio::aws
