// image_url in device and user JSON: the API's own path by default, or the object under
// IMAGES_PUBLIC_BASE_URL (CloudFront's /images/ in AWS) with the index's version, so a replaced image
// changes URL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "api/image_handlers.hpp"
#include "storage/memory/memory_store.hpp"

namespace portfolio::api {
namespace {

using storage::images::ImageInfo;
using storage::images::ImageKey;
using storage::images::ImageReader;
using storage::images::OwnerKind;

// Only the index: the versions the test sets.
class IndexOnlyStore : public storage::images::ImageStore {
 public:
  std::map<std::string, std::string> versions;

  std::string_view backend() const override { return "test"; }
  domain::Result<void> put(const ImageKey&, std::string_view, const ImageInfo&) override { return {}; }
  domain::Result<std::unique_ptr<ImageReader>> open(const ImageKey&) override {
    return std::unique_ptr<ImageReader>();
  }
  domain::Result<bool> remove(const ImageKey&) override { return false; }
  std::optional<std::string> version(const ImageKey& key) const override {
    const auto found = versions.find(key.name());
    if (found == versions.end()) return std::nullopt;
    return found->second;
  }
};

TEST(ImageUrl, WithoutAPublicBaseIsTheApiPathWithItsVersion) {
  EXPECT_EQ(image_url({OwnerKind::device, "sensor-1"}, "", "abc"), "/api/v1/devices/sensor-1/image?v=abc");
  EXPECT_EQ(image_url({OwnerKind::user, "0b7e"}, "", "abc"), "/api/v1/users/0b7e/avatar?v=abc");
}

TEST(ImageUrl, WithAPublicBaseIsTheObjectWithItsVersion) {
  EXPECT_EQ(image_url({OwnerKind::device, "sensor-1"}, "/images/", "abc"), "/images/devices/sensor-1?v=abc");
  EXPECT_EQ(image_url({OwnerKind::user, "0b7e"}, "https://d1.cloudfront.net/images/", "9f"),
            "https://d1.cloudfront.net/images/users/0b7e?v=9f");
}

class AddImageUrl : public ::testing::Test {
 protected:
  boost::json::object page_with(std::string_view device_id) {
    return boost::json::object{{"items", boost::json::array{boost::json::object{{"device_id", device_id}}}}};
  }
  static const boost::json::value* url_of(const boost::json::object& page) {
    return page.at("items").as_array().at(0).as_object().if_contains("image_url");
  }

  std::unique_ptr<storage::Store> store_ = storage::make_memory_store();
  BlockingRunner runner_{1};
  CursorCodec cursors_{"k"};
  IndexOnlyStore images_;

  void TearDown() override { runner_.stop(); }
};

TEST_F(AddImageUrl, OnlyOwnersWithAnImageGetOne) {
  images_.versions["devices/sensor-1"] = "v1";
  const HandlerContext ctx{*store_, runner_, cursors_, &images_, ""};
  auto with = page_with("sensor-1");
  add_image_urls(with, ctx, OwnerKind::device, "device_id");
  ASSERT_NE(url_of(with), nullptr);
  EXPECT_EQ(url_of(with)->as_string(), "/api/v1/devices/sensor-1/image?v=v1");
  auto without = page_with("sensor-2");
  add_image_urls(without, ctx, OwnerKind::device, "device_id");
  EXPECT_EQ(url_of(without), nullptr);
}

TEST_F(AddImageUrl, APublicBaseLinksTheVersionedObjectAndAReplaceChangesIt) {
  images_.versions["users/0b7e"] = "first";
  const HandlerContext ctx{*store_, runner_, cursors_, &images_, "/images/"};
  boost::json::object user{{"user_id", "0b7e"}};
  add_image_url(user, ctx, OwnerKind::user, "user_id");
  EXPECT_EQ(user.at("image_url").as_string(), "/images/users/0b7e?v=first");
  images_.versions["users/0b7e"] = "second";
  add_image_url(user, ctx, OwnerKind::user, "user_id");
  EXPECT_EQ(user.at("image_url").as_string(), "/images/users/0b7e?v=second");
}

TEST_F(AddImageUrl, NothingWithoutAnImageStore) {
  const HandlerContext ctx{*store_, runner_, cursors_, nullptr, "/images/"};
  auto page = page_with("sensor-1");
  add_image_urls(page, ctx, OwnerKind::device, "device_id");
  EXPECT_EQ(url_of(page), nullptr);
}

}  // namespace
}  // namespace portfolio::api
