#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "aws/credentials_source.hpp"

namespace portfolio::aws {

// Hands out credentials to signers on any thread.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual domain::Result<Credentials> get() = 0;
};

// Fixed credentials (tests, emulators).
class StaticCredentialsProvider : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials) : credentials_(std::move(credentials)) {}
  domain::Result<Credentials> get() override { return credentials_; }

 private:
  Credentials credentials_;
};

// The standard chain: the first source that has credentials wins and is kept. Temporary credentials
// are cached and fetched again `refresh_before` ahead of their expiration, under a lock so that one
// thread refreshes while the others wait. If a refresh fails while the old credentials are still
// valid, the old ones are used and the refresh is tried again on the next call.
class CredentialsChain : public CredentialsProvider {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  explicit CredentialsChain(
      std::vector<std::unique_ptr<CredentialsSource>> sources,
      std::chrono::seconds refresh_before = std::chrono::minutes{5},
      Clock clock = [] { return std::chrono::system_clock::now(); });

  domain::Result<Credentials> get() override;

 private:
  domain::Result<Credentials> resolve();

  std::vector<std::unique_ptr<CredentialsSource>> sources_;
  std::chrono::seconds refresh_before_;
  Clock clock_;
  std::mutex mutex_;
  CredentialsSource* chosen_ = nullptr;
  std::optional<Credentials> cached_;
};

// Environment, then the ECS container endpoint, then the shared files.
std::unique_ptr<CredentialsChain> default_credentials_chain(const Environment& env = process_environment());

}  // namespace portfolio::aws
