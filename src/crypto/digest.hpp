#pragma once

#include <array>
#include <string>
#include <string_view>

namespace portfolio::crypto {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view data);

// Lower-case hex of a digest, and of the SHA-256 of some data.
std::string to_hex(const Digest& digest);
std::string sha256_hex(std::string_view data);

inline std::string_view as_view(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace portfolio::crypto
