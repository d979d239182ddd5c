#pragma once

#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace portfolio::storage::images {

// The set of image names ("devices/<id>") a store holds, kept in memory so that has() does no I/O.
class ImageIndex {
 public:
  bool contains(const std::string& name) const;
  void insert(const std::string& name);
  void erase(const std::string& name);
  void replace_all(std::vector<std::string> names);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::string> names_;
};

}  // namespace portfolio::storage::images
