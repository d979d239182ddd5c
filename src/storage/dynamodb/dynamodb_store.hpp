#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials_provider.hpp"
#include "domain/error.hpp"
#include "storage/store.hpp"

namespace portfolio::storage {

struct DynamoDbOptions {
  std::string region = "us-east-1";
  std::optional<std::string> endpoint;  // DYNAMODB_ENDPOINT: a local emulator instead of AWS
  std::string users_table = "portfolio-users";
  std::string uniques_table = "portfolio-user-uniques";
  std::string metrics_table = "portfolio-metrics";
  std::string devices_table = "portfolio-devices";
  // READINGS_RETENTION_DAYS: each reading carries `expires_at` (epoch seconds) for the table's TTL.
  unsigned retention_days = 0;  // 0: no TTL attribute, readings are kept

  // DynamoDB answers in milliseconds; these bound one attempt, so that with every retry an outage
  // still answers 503 in well under 20 s (inside the ALB's 60 s idle timeout and ECS's 30 s stop).
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{3000};  // one attempt, end to end
  int max_attempts = 5;                             // per operation, retries included
  std::chrono::milliseconds backoff_base{25};
  std::chrono::milliseconds backoff_cap{1000};

  // Told the operation of every DynamoDB call the store makes (tests count calls with it).
  std::function<void(std::string_view operation)> on_call;

  // The standard chain (environment, ECS container endpoint, shared files) when null.
  std::shared_ptr<aws::CredentialsProvider> credentials;
};

// Opens the DynamoDB store. Fails when no credentials can be found; the tables themselves are only
// reached on the first call, so a store opened during an outage recovers by itself.
domain::Result<std::unique_ptr<Store>> open_dynamodb_store(const DynamoDbOptions& options);

// Creates the four tables (on-demand capacity) unless they exist, and waits until all are ACTIVE.
domain::Result<void> create_tables(const DynamoDbOptions& options);

}  // namespace portfolio::storage
