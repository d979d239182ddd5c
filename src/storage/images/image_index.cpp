#include "storage/images/image_index.hpp"

namespace portfolio::storage::images {

bool ImageIndex::contains(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return versions_.contains(name);
}

std::optional<std::string> ImageIndex::version(const std::string& name) const {
  std::lock_guard lock(mutex_);
  const auto found = versions_.find(name);
  if (found == versions_.end()) return std::nullopt;
  return found->second;
}

void ImageIndex::insert(const std::string& name, std::string version) {
  std::lock_guard lock(mutex_);
  versions_.insert_or_assign(name, std::move(version));
}

void ImageIndex::erase(const std::string& name) {
  std::lock_guard lock(mutex_);
  versions_.erase(name);
}

void ImageIndex::replace_all(std::vector<std::pair<std::string, std::string>> entries) {
  std::unordered_map<std::string, std::string> fresh(std::make_move_iterator(entries.begin()),
                                                     std::make_move_iterator(entries.end()));
  std::lock_guard lock(mutex_);
  versions_.swap(fresh);
}

std::size_t ImageIndex::size() const {
  std::lock_guard lock(mutex_);
  return versions_.size();
}

}  // namespace portfolio::storage::images
