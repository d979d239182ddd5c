#pragma once

// SigV4's primitives are the project's one SHA-256/HMAC implementation (src/crypto), named here in
// the aws namespace for the signer and the key cache.
#include "crypto/digest.hpp"

namespace portfolio::aws {

using crypto::as_view;
using crypto::Digest;
using crypto::hmac_sha256;
using crypto::sha256;
using crypto::sha256_hex;
using crypto::to_hex;

}  // namespace portfolio::aws
