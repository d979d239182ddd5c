#include "storage/images/image_format.hpp"

#include <gtest/gtest.h>

#include "image_samples.hpp"

namespace portfolio::storage::images {
namespace {

using Kind = ProbeError::Kind;

TEST(ImageFormat, PngDimensionsComeFromIhdr) {
  auto facts = probe_image(test::png(640, 480));
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->type, ImageType::png);
  EXPECT_EQ(facts->width, 640U);
  EXPECT_EQ(facts->height, 480U);
  EXPECT_EQ(mime_type(facts->type), "image/png");
}

TEST(ImageFormat, JpegDimensionsComeFromTheFrameHeaderAfterOtherSegments) {
  auto facts = probe_image(test::jpeg(1024, 768));
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->type, ImageType::jpeg);
  EXPECT_EQ(facts->width, 1024U);
  EXPECT_EQ(facts->height, 768U);
}

TEST(ImageFormat, WebpExtendedHeader) {
  auto facts = probe_image(test::webp_vp8x(9000, 20));
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->type, ImageType::webp);
  EXPECT_EQ(facts->width, 9000U);
  EXPECT_EQ(facts->height, 20U);
}

TEST(ImageFormat, WebpLossyAndLosslessHeaders) {
  std::string lossy = "RIFF";
  lossy += std::string(4, '\0') + "WEBPVP8 " + std::string(4, '\0');
  lossy += std::string("\x00\x00\x00\x9d\x01\x2a\x40\x01\xf0\x00", 10);  // 320 x 240
  auto facts = probe_image(lossy);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->width, 320U);
  EXPECT_EQ(facts->height, 240U);

  std::string lossless = "RIFF";
  lossless += std::string(4, '\0') + "WEBPVP8L" + std::string(4, '\0');
  // 14 bits width-1 = 99, then 14 bits height-1 = 49: 99 | 49 << 14 = 0x000C4063
  lossless += std::string("\x2f\x63\x40\x0c\x00", 5) + std::string(5, '\0');
  facts = probe_image(lossless);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->width, 100U);
  EXPECT_EQ(facts->height, 50U);
}

TEST(ImageFormat, OtherFormatsAreUnsupportedWhateverTheirName) {
  for (const std::string& body :
       {std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        std::string("<!doctype html><html><body>hi</body></html>"), std::string("GIF89a\x01\x00\x01\x00", 10),
        std::string("RIFF\0\0\0\0WAVEfmt ", 16), std::string("%PDF-1.7\n")}) {
    auto facts = probe_image(body);
    ASSERT_FALSE(facts) << body;
    EXPECT_EQ(facts.error().kind, Kind::unsupported) << body;
  }
}

TEST(ImageFormat, TruncatedOrCorruptHeadersAreCorrupt) {
  const auto png = test::png(10, 10);
  const auto jpeg = test::jpeg(10, 10);
  for (const std::string& body :
       {std::string(), png.substr(0, 4), png.substr(0, 20), jpeg.substr(0, 2), jpeg.substr(0, 24),
        test::webp_vp8x(10, 10).substr(0, 20), test::png(0, 10), std::string("\xff\xd8\xff\xd9", 4),
        std::string("\x89PNG\r\n\x1a\n", 8) + std::string(4, '\0') + "IDAT" + std::string(20, '\0')}) {
    auto facts = probe_image(body);
    ASSERT_FALSE(facts) << body.size();
    EXPECT_EQ(facts.error().kind, Kind::corrupt) << body.size();
  }
}

TEST(ImageFormat, AJpegSegmentLengthPastTheEndIsCorrupt) {
  std::string body("\xff\xd8\xff\xe1\xff\xff", 6);  // APP1 claiming 64 KiB, then nothing
  auto facts = probe_image(body);
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().kind, Kind::corrupt);
}

}  // namespace
}  // namespace portfolio::storage::images
