#pragma once

#include <string_view>

#include "aws/aws_error.hpp"
#include "domain/error.hpp"

namespace portfolio::storage::dynamodb {

// The domain error for a failed DynamoDB call: throttling that outlasted the retries, an unreachable
// endpoint, rejected credentials and a missing table are storage_unavailable; anything else is
// internal_error. The message names the operation.
domain::Error to_domain_error(const aws::AwsError& error, std::string_view operation);

}  // namespace portfolio::storage::dynamodb
