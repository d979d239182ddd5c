#include "sim/device_images.hpp"

#include <gtest/gtest.h>

namespace portfolio::sim {
namespace {

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24U) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16U) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8U) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

TEST(PlaceholderPng, IsAPngOfTheRequestedSize) {
  const auto png = placeholder_png("sensor-001", 160, 120);
  ASSERT_GT(png.size(), 33U);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(png, 16), 160U);
  EXPECT_EQ(be32(png, 20), 120U);
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

TEST(PlaceholderPng, TheColourFollowsTheDeviceAndIsStable) {
  EXPECT_EQ(placeholder_png("sensor-001", 8, 8), placeholder_png("sensor-001", 8, 8));
  EXPECT_NE(placeholder_png("sensor-001", 8, 8), placeholder_png("sensor-002", 8, 8));
}

TEST(PlaceholderPng, ImagesLargerThanOneStoredBlockSpanSeveral) {
  // 200 x 200 RGB is 120,200 bytes of rows: two stored deflate blocks.
  const auto png = placeholder_png("sensor-001", 200, 200);
  EXPECT_GT(png.size(), 120200U);
  EXPECT_LT(png.size(), 120400U);
}

}  // namespace
}  // namespace portfolio::sim
