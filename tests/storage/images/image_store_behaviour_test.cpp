// One behavioural suite for every image store: the local folder always, S3 when S3_TEST_ENDPOINT
// names an emulator (moto_server; see scripts/ci/30-dynamodb.sh).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <ostream>
#include <random>
#include <thread>

#include "aws/credentials_provider.hpp"
#include "aws/s3_client.hpp"
#include "image_samples.hpp"
#include "storage/images/local_image_store.hpp"
#include "storage/images/s3_image_store.hpp"

namespace portfolio::storage::images {
namespace {

namespace fs = std::filesystem;

std::string unique_name(std::string_view stem) {
  static std::mt19937_64 random{std::random_device{}()};
  return std::string(stem) + "-" + std::to_string(random() % 1000000000ULL);
}

// Makes a fresh, empty store each time; reopen() gives a second store over the same data.
struct Backend {
  std::string name;
  std::function<std::unique_ptr<ImageStore>()> make;
  std::function<std::unique_ptr<ImageStore>()> reopen;
  std::function<void()> clean = [] {};
};

// Test names and failure messages show the back end's name, not the struct's bytes.
void PrintTo(const Backend& backend, std::ostream* out) {
  *out << backend.name;
}

std::shared_ptr<aws::CredentialsProvider> test_credentials() {
  aws::Credentials credentials;
  credentials.access_key_id = "local-test-key";
  credentials.secret_access_key = "local-test-secret";
  credentials.source = "test";
  return std::make_shared<aws::StaticCredentialsProvider>(credentials);
}

Backend local_backend() {
  auto root = std::make_shared<fs::path>();
  Backend backend;
  backend.name = "local";
  backend.make = [root] {
    *root = fs::temp_directory_path() / unique_name("image-store-test");
    auto store = open_local_image_store(*root);
    return store ? std::move(*store) : nullptr;
  };
  backend.reopen = [root] {
    auto store = open_local_image_store(*root);
    return store ? std::move(*store) : nullptr;
  };
  backend.clean = [root] {
    std::error_code ignored;
    fs::remove_all(*root, ignored);
  };
  return backend;
}

Backend s3_backend(const std::string& endpoint) {
  auto bucket = std::make_shared<std::string>();
  auto options = [endpoint, bucket] {
    S3ImageStoreOptions o;
    o.endpoint = endpoint;
    o.bucket = *bucket;
    o.prefix = "test/";
    o.kms_key_id = "alias/portfolio-images-test";
    o.piece_bytes = 64 * 1024;  // many pieces per image, to exercise ranged reads
    o.credentials = test_credentials();
    return o;
  };
  Backend backend;
  backend.name = "s3";
  backend.make = [endpoint, bucket, options] {
    *bucket = unique_name("images-test");
    aws::S3ClientOptions client_options;
    client_options.endpoint = endpoint;
    aws::S3Client client(client_options, test_credentials());
    if (!client.create_bucket(*bucket)) return std::unique_ptr<ImageStore>();
    auto store = open_s3_image_store(options());
    return store ? std::move(*store) : nullptr;
  };
  backend.reopen = [options] {
    auto store = open_s3_image_store(options());
    return store ? std::move(*store) : nullptr;
  };
  return backend;
}

std::string s3_test_endpoint() {
  const char* endpoint = std::getenv("S3_TEST_ENDPOINT");
  return endpoint == nullptr ? std::string() : std::string(endpoint);
}

std::string read_all(ImageReader& reader, std::size_t piece = 7000) {
  std::string out;
  std::string buffer(piece, '\0');
  for (;;) {
    auto n = reader.read(std::span<char>(buffer.data(), buffer.size()));
    if (!n) throw std::runtime_error(n.error().message);
    if (*n == 0) return out;
    out.append(buffer.data(), *n);
  }
}

ImageInfo info_of(const std::string& bytes) {
  return describe(bytes, "image/png", 10, 20);
}

class ImageStoreBehaviour : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "s3" && s3_test_endpoint().empty()) GTEST_SKIP() << "S3_TEST_ENDPOINT is not set";
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr) << "could not open the " << GetParam().name << " store";
  }
  void TearDown() override {
    store_.reset();
    GetParam().clean();
  }
  std::unique_ptr<ImageStore> store_;
  const ImageKey device_{OwnerKind::device, "sensor-1"};
  const ImageKey user_{OwnerKind::user, "4b7f5c1e-2d3a-4c5b-8e9f-0a1b2c3d4e5f"};
};

TEST_P(ImageStoreBehaviour, APutImageReadsBackWithItsMetadata) {
  const auto bytes = test::png(10, 20, 300000);
  ASSERT_TRUE(store_->put(device_, bytes, info_of(bytes)));
  auto reader = store_->open(device_);
  ASSERT_TRUE(reader) << reader.error().message;
  ASSERT_NE(*reader, nullptr);
  EXPECT_EQ((*reader)->info().content_type, "image/png");
  EXPECT_EQ((*reader)->info().bytes, bytes.size());
  EXPECT_EQ((*reader)->info().width, 10U);
  EXPECT_EQ((*reader)->info().height, 20U);
  EXPECT_EQ((*reader)->info().etag, info_of(bytes).etag);
  EXPECT_EQ(read_all(**reader), bytes);
}

TEST_P(ImageStoreBehaviour, AMissingImageOpensAsNull) {
  auto reader = store_->open(device_);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(*reader, nullptr);
  EXPECT_FALSE(store_->has(device_));
}

TEST_P(ImageStoreBehaviour, DevicesAndUsersAreSeparate) {
  const ImageKey same_id_user{OwnerKind::user, device_.owner_id};
  const auto bytes = test::png(1, 1);
  ASSERT_TRUE(store_->put(device_, bytes, info_of(bytes)));
  EXPECT_TRUE(store_->has(device_));
  EXPECT_FALSE(store_->has(same_id_user));
  EXPECT_EQ(*store_->open(same_id_user), nullptr);
}

TEST_P(ImageStoreBehaviour, AReplaceServesOnlyTheNewImage) {
  const auto first = test::png(1, 1, 1000);
  const auto second = test::jpeg(2, 2, 200000);
  ASSERT_TRUE(store_->put(user_, first, info_of(first)));
  ASSERT_TRUE(store_->put(user_, second, describe(second, "image/jpeg", 2, 2)));
  auto reader = store_->open(user_);
  ASSERT_TRUE(reader && *reader);
  EXPECT_EQ((*reader)->info().content_type, "image/jpeg");
  EXPECT_EQ(read_all(**reader), second);
}

TEST_P(ImageStoreBehaviour, AReaderNeverMixesTwoImages) {
  const auto first = test::png(1, 1, 400000);
  const auto second = test::png(1, 1, 500000);
  ASSERT_TRUE(store_->put(device_, first, info_of(first)));
  auto reader = store_->open(device_);
  ASSERT_TRUE(reader && *reader);
  ASSERT_TRUE(store_->put(device_, second, info_of(second)));
  // The open reader either finishes the image it started (local: the old file stays open) or fails
  // (S3: If-Match on the first ETag); it never returns a mixture.
  try {
    EXPECT_EQ(read_all(**reader), first);
  } catch (const std::runtime_error&) {
    SUCCEED();
  }
}

TEST_P(ImageStoreBehaviour, RemoveSaysWhetherThereWasAnImage) {
  const auto bytes = test::png(1, 1);
  ASSERT_TRUE(store_->put(device_, bytes, info_of(bytes)));
  auto removed = store_->remove(device_);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(store_->has(device_));
  EXPECT_EQ(*store_->open(device_), nullptr);
  removed = store_->remove(device_);
  ASSERT_TRUE(removed);
  EXPECT_FALSE(*removed);
}

TEST_P(ImageStoreBehaviour, AReopenedStoreIndexesTheExistingImages) {
  const auto bytes = test::png(1, 1);
  ASSERT_TRUE(store_->put(device_, bytes, info_of(bytes)));
  ASSERT_TRUE(store_->put(user_, bytes, info_of(bytes)));
  auto again = GetParam().reopen();
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->has(device_));
  EXPECT_TRUE(again->has(user_));
  EXPECT_FALSE(again->has(ImageKey{OwnerKind::device, "other"}));
}

// image_url carries the index's version: it must change when the image is replaced, vanish with the
// image, and be the same on a second instance (which learns it from the store, not from the put).
TEST_P(ImageStoreBehaviour, TheIndexVersionFollowsTheImage) {
  EXPECT_EQ(store_->version(device_), std::nullopt);
  const auto first = test::png(1, 1, 1000);
  ASSERT_TRUE(store_->put(device_, first, info_of(first)));
  const auto v1 = store_->version(device_);
  ASSERT_TRUE(v1.has_value());
  EXPECT_FALSE(v1->empty());
  EXPECT_EQ(v1->find_first_of("\" /?#&"), std::string::npos) << *v1;
  auto again = GetParam().reopen();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->version(device_), v1);

  const auto second = test::png(1, 1, 2000);
  ASSERT_TRUE(store_->put(device_, second, info_of(second)));
  const auto v2 = store_->version(device_);
  ASSERT_TRUE(v2.has_value());
  EXPECT_NE(*v2, *v1);
  auto third = GetParam().reopen();
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->version(device_), v2);

  ASSERT_TRUE(store_->remove(device_));
  EXPECT_EQ(store_->version(device_), std::nullopt);
}

TEST_P(ImageStoreBehaviour, ConcurrentReplacesLeaveExactlyOneWholeImage) {
  constexpr int kWriters = 6;
  std::vector<std::string> images;
  for (int i = 0; i < kWriters; ++i) images.push_back(test::png(1, 1, 100000 + 1000 * i));
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      if (!store_->put(device_, images[i], info_of(images[i]))) ++failures;
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  auto reader = store_->open(device_);
  ASSERT_TRUE(reader && *reader);
  const auto served = read_all(**reader);
  const auto matches = std::count(images.begin(), images.end(), served);
  EXPECT_EQ(matches, 1);
  EXPECT_EQ((*reader)->info().etag, info_of(served).etag);
}

TEST_P(ImageStoreBehaviour, AFiveMebibyteImageRoundTripsInPieces) {
  const auto bytes = test::jpeg(8192, 8192, 5 * 1024 * 1024 - 64);
  ASSERT_TRUE(store_->put(device_, bytes, describe(bytes, "image/jpeg", 8192, 8192)));
  auto reader = store_->open(device_);
  ASSERT_TRUE(reader && *reader);
  EXPECT_EQ((*reader)->info().bytes, bytes.size());
  EXPECT_EQ(read_all(**reader, 256 * 1024), bytes);
}

// Two instantiations, so that the S3 tests have stable names (S3/...) and skip without an emulator.
INSTANTIATE_TEST_SUITE_P(Local, ImageStoreBehaviour, ::testing::Values(local_backend()),
                         [](const auto& test_info) { return test_info.param.name; });
INSTANTIATE_TEST_SUITE_P(S3, ImageStoreBehaviour, ::testing::Values(s3_backend(s3_test_endpoint())),
                         [](const auto& test_info) { return test_info.param.name; });

}  // namespace
}  // namespace portfolio::storage::images
