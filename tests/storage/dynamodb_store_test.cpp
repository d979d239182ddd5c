// The shared behavioural suite against a real DynamoDB implementation (moto_server or dynalite on
// loopback; scripts/ci/30-dynamodb.sh starts them). Every test gets four fresh tables.
#include "storage/dynamodb/dynamodb_store.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "aws/credentials_provider.hpp"
#include "store_behaviour.hpp"

namespace portfolio::storage {
namespace {

std::optional<std::string> test_endpoint() {
  const char* endpoint = std::getenv("DYNAMODB_TEST_ENDPOINT");
  if (endpoint == nullptr || *endpoint == '\0') return std::nullopt;
  return std::string(endpoint);
}

std::string unique_prefix() {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}() % 100000;
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string prefix = "t";
  prefix.append(std::to_string(getpid())).append("-").append(std::to_string(run));
  prefix.append("-").append(std::to_string(++counter));
  return prefix;
}

std::unique_ptr<Store> make_fresh_dynamodb_store() {
  DynamoDbOptions options;
  options.endpoint = test_endpoint();
  const std::string prefix = unique_prefix();
  options.users_table = prefix + "-users";
  options.uniques_table = prefix + "-uniques";
  options.metrics_table = prefix + "-metrics";
  options.devices_table = prefix + "-devices";
  options.credentials = std::make_shared<aws::StaticCredentialsProvider>(
      aws::Credentials{"AKIDLOCALTEST", "local-test-secret", std::nullopt, std::nullopt, "test"});
  if (auto created = create_tables(options); !created) {
    throw std::runtime_error("create_tables: " + created.error().message);
  }
  auto store = open_dynamodb_store(options);
  if (!store) throw std::runtime_error("open_dynamodb_store: " + store.error().message);
  return std::move(*store);
}

// Without an emulator every test is skipped rather than failed: the plain C++ stage has none.
class DynamoDbEndpoint : public testing::Environment {
 public:
  void SetUp() override {
    if (!test_endpoint()) GTEST_SKIP() << "DYNAMODB_TEST_ENDPOINT is not set";
  }
};

const auto* const kEndpoint = testing::AddGlobalTestEnvironment(new DynamoDbEndpoint);

}  // namespace

INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreBehaviour,
                         testing::Values(StoreFactory{"dynamodb", make_fresh_dynamodb_store}),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace portfolio::storage
