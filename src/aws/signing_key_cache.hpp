#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "aws/crypto.hpp"

namespace portfolio::aws {

// SigV4 derives a signing key from the secret through four HMACs per (day, region, service). The
// key only changes at midnight UTC or when credentials rotate, so it is derived once and reused by
// every thread.
class SigningKeyCache {
 public:
  Digest get(std::string_view secret_access_key, std::string_view date, std::string_view region,
             std::string_view service);

 private:
  // Keyed by a hash of the secret rather than the secret itself, so no copy of it lingers here.
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  static constexpr std::size_t kMaxEntries = 16;

  std::mutex mutex_;
  std::map<Key, Digest> keys_;
};

Digest derive_signing_key(std::string_view secret_access_key, std::string_view date, std::string_view region,
                          std::string_view service);

}  // namespace portfolio::aws
