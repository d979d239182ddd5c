#include "storage/dynamodb/aws_errors.hpp"

#include <string>

namespace portfolio::storage::dynamodb {

using aws::AwsError;

domain::Error to_domain_error(const AwsError& error, std::string_view operation) {
  const std::string where = "DynamoDB " + std::string(operation) + ": ";
  switch (error.kind) {
    case AwsError::Kind::throttled:
      return domain::Error::unavailable(where + "still throttled after retries (" + error.type + ")");
    case AwsError::Kind::unavailable:
    case AwsError::Kind::credentials:
      return domain::Error::unavailable(where + error.message);
    case AwsError::Kind::refused:  // rejected credentials, access denied, an operation the endpoint lacks
      return domain::Error::unavailable(where + error.type + ": " + error.message);
    case AwsError::Kind::protocol:
      return domain::Error::internal(where + error.message);
    case AwsError::Kind::service:
      break;
  }
  if (error.type == "ResourceNotFoundException") {
    return domain::Error::unavailable(
        where + "table not found (run `portfolio-api create-tables`?): " + error.message);
  }
  return domain::Error::internal(where + error.type + ": " + error.message);
}

}  // namespace portfolio::storage::dynamodb
