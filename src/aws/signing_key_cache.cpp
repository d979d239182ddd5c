#include "aws/signing_key_cache.hpp"

namespace portfolio::aws {

Digest derive_signing_key(std::string_view secret_access_key, std::string_view date, std::string_view region,
                          std::string_view service) {
  const std::string seed = "AWS4" + std::string(secret_access_key);
  const Digest date_key = hmac_sha256(seed, date);
  const Digest region_key = hmac_sha256(as_view(date_key), region);
  const Digest service_key = hmac_sha256(as_view(region_key), service);
  return hmac_sha256(as_view(service_key), "aws4_request");
}

Digest SigningKeyCache::get(std::string_view secret_access_key, std::string_view date,
                            std::string_view region, std::string_view service) {
  Key key{sha256_hex(secret_access_key), std::string(date), std::string(region), std::string(service)};
  {
    std::lock_guard lock(mutex_);
    if (auto it = keys_.find(key); it != keys_.end()) {
      return it->second;
    }
  }
  const Digest derived = derive_signing_key(secret_access_key, date, region, service);
  std::lock_guard lock(mutex_);
  // Old days and rotated secrets are never asked for again; a full reset keeps this bounded.
  if (keys_.size() >= kMaxEntries) {
    keys_.clear();
  }
  keys_.emplace(std::move(key), derived);
  return derived;
}

}  // namespace portfolio::aws
