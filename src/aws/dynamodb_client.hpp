#pragma once

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/aws_error.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/http_client.hpp"
#include "aws/retry_policy.hpp"
#include "aws/sigv4_signer.hpp"

namespace portfolio::aws {

struct DynamoDbClientOptions {
  std::string region = "us-east-1";
  std::optional<std::string> endpoint;  // e.g. http://127.0.0.1:8001 for an emulator
  HttpTimeouts timeouts;
  RetryPolicy retry;
};

// Calls DynamoDB operations over the JSON 1.0 protocol: POST / with X-Amz-Target
// DynamoDB_20120810.<Operation>, signed with SigV4. Throttling, 5xx and network failures are retried
// under the retry policy; what is left is returned as an AwsError.
class DynamoDbClient {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  DynamoDbClient(DynamoDbClientOptions options, std::shared_ptr<CredentialsProvider> credentials);

  boost::system::result<boost::json::object, AwsError> call(std::string_view operation,
                                                            const boost::json::object& request);

  // BatchGetItem or BatchWriteItem until nothing is left: what an answer leaves unprocessed
  // (`UnprocessedKeys`, `UnprocessedItems`: throttled, or past BatchGetItem's 16 MB) is resubmitted,
  // with the rest of its table's request, after the retry policy's backoff, up to its max_attempts
  // calls; then an `unavailable` error. `on_answer` is given every answer (BatchGetItem's
  // `Responses`). Each resubmission is a call of its own (set_on_call counts it).
  boost::system::result<void, AwsError> call_batch(
      std::string_view operation, boost::json::object request,
      const std::function<void(const boost::json::object& answer)>& on_answer = {});

  const std::string& endpoint() const { return endpoint_; }
  const RetryPolicy& retry_policy() const { return options_.retry; }
  // Tests replace the sleep between retries to observe the backoff without waiting for it.
  void set_sleep(Sleep sleep) { sleep_ = std::move(sleep); }
  // Told the operation of every call (once per call, retries not counted); tests count calls with it.
  void set_on_call(std::function<void(std::string_view operation)> on_call) { on_call_ = std::move(on_call); }
  void sleep_for(std::chrono::milliseconds delay);

 private:
  boost::system::result<boost::json::object, AwsError> attempt(std::string_view operation,
                                                               const std::string& body);

  DynamoDbClientOptions options_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::string endpoint_;
  std::string host_;  // Host header value: host, plus :port when the URL names one
  HttpClient http_;
  Sigv4Signer signer_;
  Sleep sleep_;
  std::function<void(std::string_view operation)> on_call_;
};

// Parses an AWS JSON error body ({"__type": "com.amazonaws...#Type", "message": ...}).
AwsError parse_aws_error(long http_status, std::string_view body);

}  // namespace portfolio::aws
