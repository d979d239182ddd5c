#include "storage/dynamodb/request_token.hpp"

namespace portfolio::storage::dynamodb {

std::mt19937_64& thread_random() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

std::string client_request_token() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(32, '0');
  for (char& c : token) {
    c = kHex[thread_random()() & 0x0f];
  }
  return token;
}

}  // namespace portfolio::storage::dynamodb
