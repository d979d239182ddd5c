#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.hpp"
#include "aws/signing_key_cache.hpp"

namespace portfolio::aws {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The parts of an HTTP request that Signature Version 4 covers.
struct RequestToSign {
  std::string method;
  std::string path = "/";  // as on the request line, not yet percent-encoded
  HeaderList query;        // decoded names and values, in any order
  HeaderList headers;      // as they will be sent; must include Host
  std::string_view body;
};

struct SigningParams {
  std::string region;
  std::string service;
  std::chrono::system_clock::time_point time;
  bool normalize_path = true;       // remove dot segments and empty segments (every service but S3)
  bool sign_body = false;           // send and sign x-amz-content-sha256
  bool omit_session_token = false;  // add the token after signing (a few services want that)
};

struct SignedRequest {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  HeaderList headers_to_add;  // X-Amz-Date, X-Amz-Security-Token, x-amz-content-sha256, Authorization
};

// Signs requests in the Authorization header (AWS Signature Version 4, HMAC-SHA256).
class Sigv4Signer {
 public:
  SignedRequest sign(const RequestToSign& request, const Credentials& credentials,
                     const SigningParams& params);

 private:
  SigningKeyCache keys_;
};

// Building blocks, exposed for tests.
std::string uri_encode(std::string_view text, bool keep_slash);
std::string canonical_path(std::string_view path, bool normalize);
std::string canonical_query(const HeaderList& query);
std::string amz_date(std::chrono::system_clock::time_point time);  // 20150830T123600Z

}  // namespace portfolio::aws
