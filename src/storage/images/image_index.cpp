#include "storage/images/image_index.hpp"

namespace portfolio::storage::images {

bool ImageIndex::contains(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return names_.contains(name);
}

void ImageIndex::insert(const std::string& name) {
  std::lock_guard lock(mutex_);
  names_.insert(name);
}

void ImageIndex::erase(const std::string& name) {
  std::lock_guard lock(mutex_);
  names_.erase(name);
}

void ImageIndex::replace_all(std::vector<std::string> names) {
  std::unordered_set<std::string> fresh(std::make_move_iterator(names.begin()),
                                        std::make_move_iterator(names.end()));
  std::lock_guard lock(mutex_);
  names_.swap(fresh);
}

std::size_t ImageIndex::size() const {
  std::lock_guard lock(mutex_);
  return names_.size();
}

}  // namespace portfolio::storage::images
