#pragma once

#include <random>
#include <string>

namespace portfolio::storage::dynamodb {

// A random engine per thread, for tokens and retry jitter.
std::mt19937_64& thread_random();

// An idempotency token (ClientRequestToken): retries of one transaction after a lost answer are not
// applied twice.
std::string client_request_token();

}  // namespace portfolio::storage::dynamodb
