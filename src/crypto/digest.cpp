#include "crypto/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "text/hex.hpp"

namespace portfolio::crypto {

Digest sha256(std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(sha256) failed");
  }
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
  Digest out{};
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), out.size(),
                &length) == nullptr ||
      length != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

std::string to_hex(const Digest& digest) {
  return text::to_hex(digest);
}

std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

}  // namespace portfolio::crypto
