#include "storage/dynamodb/client_factory.hpp"

namespace portfolio::storage::dynamodb {

std::shared_ptr<aws::CredentialsProvider> credentials_for(const DynamoDbOptions& options) {
  if (options.credentials) {
    return options.credentials;
  }
  return aws::default_credentials_chain();
}

std::unique_ptr<aws::DynamoDbClient> make_client(const DynamoDbOptions& options,
                                                 std::shared_ptr<aws::CredentialsProvider> credentials) {
  aws::DynamoDbClientOptions client_options;
  client_options.region = options.region;
  client_options.endpoint = options.endpoint;
  client_options.timeouts = {options.connect_timeout, options.request_timeout};
  client_options.retry = {options.max_attempts, options.backoff_base, options.backoff_cap};
  auto client = std::make_unique<aws::DynamoDbClient>(std::move(client_options), std::move(credentials));
  if (options.on_call) client->set_on_call(options.on_call);
  return client;
}

}  // namespace portfolio::storage::dynamodb
