#pragma once

#include <boost/system/result.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_error.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/http_client.hpp"
#include "aws/retry_policy.hpp"
#include "aws/sigv4_signer.hpp"

namespace portfolio::aws {

struct S3ClientOptions {
  std::string region = "us-east-1";
  // An endpoint override (moto, MinIO): path-style requests to it. Without one, virtual-hosted
  // requests to https://<bucket>.s3.<region>.amazonaws.com.
  std::optional<std::string> endpoint;
  HttpTimeouts timeouts{std::chrono::milliseconds{2000}, std::chrono::milliseconds{30000}};
  RetryPolicy retry;
};

struct S3PutOptions {
  std::string content_type;
  std::string kms_key_id;  // SSE-KMS with this key; empty: the bucket's default encryption
  HeaderList metadata;     // sent as x-amz-meta-<name>
};

struct S3GetOptions {
  std::optional<std::pair<std::uint64_t, std::uint64_t>> range;  // inclusive byte range
  std::string if_match;                                          // an ETag: 412 if the object changed
  std::string version_id;                                        // a version of a versioned bucket
};

struct S3ListPage {
  std::vector<std::string> keys;
  std::vector<std::string> etags;  // one per key, quoted as S3 gives them
  std::optional<std::string> next_token;
};

// The few S3 operations the image store needs, over the REST API, signed with SigV4 (the shared
// signer and credentials chain), retried on throttling, 5xx and network failures under the shared
// retry policy. Objects travel in one request each; GetObject takes a byte range so that callers can
// read large objects piece by piece.
class S3Client {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  S3Client(S3ClientOptions options, std::shared_ptr<CredentialsProvider> credentials);

  // With x-amz-checksum-sha256, so that S3 refuses a body damaged on the way.
  boost::system::result<HttpResponse, AwsError> put_object(const std::string& bucket, const std::string& key,
                                                           std::string_view body,
                                                           const S3PutOptions& options);
  // 200 or 206; a missing object is an AwsError with http_status 404 (type NoSuchKey).
  boost::system::result<HttpResponse, AwsError> get_object(const std::string& bucket, const std::string& key,
                                                           const S3GetOptions& options = {});
  boost::system::result<void, AwsError> delete_object(const std::string& bucket, const std::string& key);
  boost::system::result<S3ListPage, AwsError> list_objects(const std::string& bucket,
                                                           const std::string& prefix,
                                                           const std::optional<std::string>& token);

  // For tests and emulators; the real bucket comes from Terraform.
  boost::system::result<void, AwsError> create_bucket(const std::string& bucket);

  void set_sleep(Sleep sleep) { sleep_ = std::move(sleep); }

 private:
  struct Call {
    std::string method;
    std::string bucket;
    std::string key;
    HeaderList query;
    HeaderList headers;
    std::string_view body;
  };
  boost::system::result<HttpResponse, AwsError> send(const Call& call);
  boost::system::result<HttpResponse, AwsError> attempt(const Call& call);

  S3ClientOptions options_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::string scheme_host_;  // "http://127.0.0.1:5000", for path-style requests
  std::string host_;
  bool path_style_ = false;
  HttpClient http_;
  Sigv4Signer signer_;
  Sleep sleep_;
};

// Parses an S3 XML error body (<Error><Code>NoSuchKey</Code><Message>...</Message></Error>).
AwsError parse_s3_error(long http_status, std::string_view body);
// The text of every <tag>...</tag> in an XML document, entities decoded.
std::vector<std::string> xml_values(std::string_view xml, std::string_view tag);
std::string base64(std::string_view bytes);

}  // namespace portfolio::aws
