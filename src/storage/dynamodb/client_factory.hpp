#pragma once

#include <memory>

#include "aws/dynamodb_client.hpp"
#include "storage/dynamodb/dynamodb_store.hpp"

namespace portfolio::storage::dynamodb {

// The options' credentials, or the standard chain when none are given.
std::shared_ptr<aws::CredentialsProvider> credentials_for(const DynamoDbOptions& options);

// A client with the options' region, endpoint, timeouts and retry policy.
std::unique_ptr<aws::DynamoDbClient> make_client(const DynamoDbOptions& options,
                                                 std::shared_ptr<aws::CredentialsProvider> credentials);

}  // namespace portfolio::storage::dynamodb
