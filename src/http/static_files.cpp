#include "http/static_files.hpp"

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace portfolio::http {
namespace fs = std::filesystem;

std::string_view content_type_for(std::string_view path) {
  const auto dot = path.rfind('.');
  const auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles StaticFiles::load(const fs::path& root) {
  if (!fs::is_directory(root)) throw std::runtime_error("STATIC_DIR is not a directory: " + root.string());
  StaticFiles result;
  std::size_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    const auto relative = fs::relative(entry.path(), root).generic_string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    StaticFile file;
    file.body = std::move(content).str();
    total += file.body.size();
    if (total > kMaxTotalBytes) throw std::runtime_error("STATIC_DIR holds more than 64 MiB");
    file.content_type = std::string(content_type_for(relative));
    // Built by appending: GCC 12 reports a false -Wrestrict for `"\"" + std::string` at -O3.
    file.etag.push_back('"');
    file.etag += std::to_string(std::hash<std::string>{}(file.body));
    file.etag.push_back('"');
    file.immutable = relative.rfind("assets/", 0) == 0;  // Vite's hashed output
    std::string key(1, '/');
    key += relative;
    result.files_.emplace(std::move(key), std::move(file));
  }
  for (auto it = result.files_.begin(); it != result.files_.end();) {
    const std::string_view key = it->first;
    const auto original = key.size() > 3 && key.substr(key.size() - 3) == ".gz"
                              ? result.files_.find(std::string(key.substr(0, key.size() - 3)))
                              : result.files_.end();
    if (original == result.files_.end()) {
      ++it;
      continue;
    }
    original->second.gzip_body = std::move(it->second.body);
    original->second.gzip_etag = original->second.etag;
    original->second.gzip_etag.insert(original->second.gzip_etag.size() - 1, "-gzip");
    it = result.files_.erase(it);
  }
  return result;
}

const StaticFile* StaticFiles::find(std::string_view path) const {
  std::string key(path);
  if (key.empty() || key.back() == '/') key += "index.html";
  auto it = files_.find(key);
  if (it == files_.end()) it = files_.find(key + "/index.html");
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace portfolio::http
