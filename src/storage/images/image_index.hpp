#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace portfolio::storage::images {

// The image names ("devices/<id>") a store holds, each with its version (a token that changes when
// the image is replaced), kept in memory so that has() and version() do no I/O.
class ImageIndex {
 public:
  bool contains(const std::string& name) const;
  std::optional<std::string> version(const std::string& name) const;
  void insert(const std::string& name, std::string version);
  void erase(const std::string& name);
  // (name, version) pairs.
  void replace_all(std::vector<std::pair<std::string, std::string>> entries);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> versions_;
};

}  // namespace portfolio::storage::images
