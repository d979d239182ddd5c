#pragma once

#include <string>
#include <vector>

namespace portfolio::aws {

// Why a call to an AWS service did not succeed, after retries.
struct AwsError {
  enum class Kind {
    service,      // the service answered with an error about this request (4xx, not throttling)
    throttled,    // still throttled after every retry
    unavailable,  // 5xx, network failure or timeout after every retry
    credentials,  // no usable credentials
    refused,      // the service refused the caller: credentials rejected, access denied, or an
                  // operation this endpoint does not offer (UnknownOperationException)
    protocol,     // an answer that could not be understood
  };

  Kind kind = Kind::service;
  std::string type;     // the short AWS error type, e.g. "ConditionalCheckFailedException"
  std::string message;  // human-readable, from the service or the transport
  long http_status = 0;
  std::vector<std::string> cancellation_reasons;  // TransactionCanceledException: one code per item
};

}  // namespace portfolio::aws
