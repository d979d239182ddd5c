#pragma once

#include <filesystem>
#include <memory>

#include "domain/error.hpp"
#include "storage/images/image_store.hpp"

namespace portfolio::storage::images {

// IMAGE_STORE=local: one file per image under a directory (by default beside the SQLite database).
// Each file is a one-line header (type, size, dimensions, ETag) followed by the image bytes, so the
// metadata and the bytes are replaced together. Writes go to a temporary file in the same folder,
// are fsynced, renamed over the old file and the folder fsynced: a reader holds either the old or
// the new file open, never a torn one, and a failed or interrupted upload leaves the old image.
domain::Result<std::unique_ptr<ImageStore>> open_local_image_store(const std::filesystem::path& root);

}  // namespace portfolio::storage::images
