#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "aws/credentials_provider.hpp"
#include "domain/error.hpp"
#include "storage/images/image_store.hpp"

namespace portfolio::storage::images {

struct S3ImageStoreOptions {
  std::string region = "us-east-1";
  std::optional<std::string> endpoint;  // moto, MinIO
  std::string bucket;
  std::string prefix = "images/";
  std::string kms_key_id;
  std::size_t piece_bytes = std::size_t{256} * 1024;      // one ranged GetObject per piece when serving
  std::chrono::seconds index_refresh{60};                 // ListObjectsV2 of the prefix, for image_url
  std::shared_ptr<aws::CredentialsProvider> credentials;  // default: the standard chain
};

// IMAGE_STORE=s3: one object per image, <prefix>devices/<id> or <prefix>users/<id>. PutObject carries
// the SHA-256 checksum, SSE-KMS with the configured key and the dimensions and ETag as metadata; S3
// replaces an object atomically, so a failed upload leaves the old one. Reads are ranged GetObjects of
// piece_bytes with If-Match on the first answer's ETag (and its versionId in a versioned bucket, as
// Terraform makes it): never the whole object in memory; a replacement during a read lets the read
// finish on the old version, or, in an unversioned bucket, ends it instead of mixing two images.
domain::Result<std::unique_ptr<ImageStore>> open_s3_image_store(S3ImageStoreOptions options);

}  // namespace portfolio::storage::images
