#pragma once

#include <stdlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace portfolio::storage::sqlite_test {

// A directory of this test process's own, removed when the process exits.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "portfolio-sqlite-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::abort();
    }
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  // A path that no earlier call returned.
  std::string fresh_path(const std::string& name = "store") {
    return (path_ / (name + "-" + std::to_string(++files_) + ".db")).string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::atomic<int> files_{0};
};

inline ScratchDirectory& scratch() {
  static ScratchDirectory directory;
  return directory;
}

}  // namespace portfolio::storage::sqlite_test
