#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace portfolio::http {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("static-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(root / "site" / "assets");
    write(root / "site" / "index.html", "<html>");
    write(root / "site" / "assets" / "app-abc.js", "js");
    write(root / "outside.txt", "secret");
    fs::create_symlink(root / "outside.txt", root / "site" / "link.txt");
  }
  void TearDown() override { fs::remove_all(root); }
  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  fs::path root;
};

TEST_F(StaticFilesTest, ServesIndexAndAssetsWithTypes) {
  const auto files = StaticFiles::load(root / "site");
  ASSERT_NE(files.find("/"), nullptr);
  EXPECT_EQ(files.find("/")->body, "<html>");
  EXPECT_EQ(files.find("/index.html")->content_type, "text/html; charset=utf-8");
  const auto* js = files.find("/assets/app-abc.js");
  ASSERT_NE(js, nullptr);
  EXPECT_TRUE(js->immutable);
  EXPECT_FALSE(files.find("/")->immutable);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_FALSE(js->etag.empty());
}

TEST_F(StaticFilesTest, PrecompressedFilesBecomeTheGzipVariant) {
  write(root / "site" / "assets" / "app-abc.js.gz", "gzipped-js");
  write(root / "site" / "orphan.txt.gz", "no original");
  const auto files = StaticFiles::load(root / "site");
  const auto* js = files.find("/assets/app-abc.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->body, "js");
  EXPECT_EQ(js->gzip_body, "gzipped-js");
  EXPECT_NE(js->gzip_etag, js->etag);
  EXPECT_EQ(files.find("/assets/app-abc.js.gz"), nullptr);
  EXPECT_NE(files.find("/orphan.txt.gz"), nullptr);  // nothing to be a variant of: served as it is
  EXPECT_TRUE(files.find("/")->gzip_body.empty());
}

TEST_F(StaticFilesTest, NothingOutsideTheDirectoryIsReachable) {
  const auto files = StaticFiles::load(root / "site");
  for (const auto* path : {"/../outside.txt", "/assets/../../outside.txt", "/link.txt", "//outside.txt",
                           "/assets/../index.html"}) {
    EXPECT_EQ(files.find(path), nullptr) << path;
  }
  EXPECT_EQ(files.size(), 2U);
}

TEST_F(StaticFilesTest, AMissingDirectoryIsAClearError) {
  EXPECT_THROW(StaticFiles::load(root / "nope"), std::runtime_error);
}

}  // namespace
}  // namespace portfolio::http
