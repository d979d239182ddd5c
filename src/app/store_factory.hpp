#pragma once

#include <memory>

#include "app/config.hpp"
#include "domain/error.hpp"
#include "storage/images/image_store.hpp"
#include "storage/store.hpp"

namespace portfolio::app {

// The back end named by STORAGE, opened with its settings.
domain::Result<std::unique_ptr<storage::Store>> open_store(const Config& config);
// The image store named by IMAGE_STORE.
domain::Result<std::unique_ptr<storage::images::ImageStore>> open_image_store(const Config& config);
// `portfolio-api create-tables`: the DynamoDB tables on the configured endpoint.
domain::Result<void> create_dynamodb_tables(const Config& config);

}  // namespace portfolio::app
