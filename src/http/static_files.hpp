#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portfolio::http {

struct StaticFile {
  std::string body;
  std::string content_type;
  std::string etag;
  bool immutable = false;  // content-hashed build output, cacheable for a year
  // The precompressed variant, from a `.gz` file beside it (made at build time); empty when none.
  std::string gzip_body;
  std::string gzip_etag;
};

// The dashboard's files, read into memory once at start: serving them never touches the disk, and
// only files that were inside the directory at start can ever be served, so no request path can
// escape it. The dashboard is small (well under a megabyte); the total is capped all the same.
class StaticFiles {
 public:
  static constexpr std::size_t kMaxTotalBytes = std::size_t{64} * 1024 * 1024;

  // Loads every regular file under `root` (symlinks are not followed out of it). A `name.gz` beside
  // `name` becomes the gzip variant of `name` rather than a file of its own.
  static StaticFiles load(const std::filesystem::path& root);

  // `path` is the percent-decoded request path. "/" and directories map to their index.html.
  const StaticFile* find(std::string_view path) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, StaticFile> files_;  // key: "/relative/path"
};

std::string_view content_type_for(std::string_view path);

}  // namespace portfolio::http
