#include "app/store_factory.hpp"

#include "storage/dynamodb/dynamodb_store.hpp"
#include "storage/images/local_image_store.hpp"
#include "storage/images/s3_image_store.hpp"
#include "storage/memory/memory_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace portfolio::app {
namespace {

storage::DynamoDbOptions dynamodb_options(const Config& config) {
  storage::DynamoDbOptions options;
  options.region = config.aws_region;
  if (!config.dynamodb_endpoint.empty()) options.endpoint = config.dynamodb_endpoint;
  options.users_table = config.users_table;
  options.uniques_table = config.uniques_table;
  options.metrics_table = config.metrics_table;
  options.devices_table = config.devices_table;
  return options;
}

}  // namespace

domain::Result<std::unique_ptr<storage::Store>> open_store(const Config& config) {
  if (config.storage == "memory") return storage::make_memory_store();
  if (config.storage == "dynamodb") return storage::open_dynamodb_store(dynamodb_options(config));
  return storage::open_sqlite_store({config.sqlite_path});
}

domain::Result<std::unique_ptr<storage::images::ImageStore>> open_image_store(const Config& config) {
  if (config.image_store == "s3") {
    storage::images::S3ImageStoreOptions options;
    options.region = config.aws_region;
    if (!config.images_endpoint.empty()) options.endpoint = config.images_endpoint;
    options.bucket = config.images_bucket;
    options.prefix = config.images_prefix;
    options.kms_key_id = config.images_kms_key_id;
    return storage::images::open_s3_image_store(std::move(options));
  }
  std::filesystem::path dir = config.images_dir;
  if (dir.empty()) dir = std::filesystem::path(config.sqlite_path).parent_path() / "images";
  return storage::images::open_local_image_store(dir);
}

domain::Result<void> create_dynamodb_tables(const Config& config) {
  return storage::create_tables(dynamodb_options(config));
}

}  // namespace portfolio::app
