#include "aws/s3_client.hpp"

#include <gtest/gtest.h>

#include "aws/crypto.hpp"

namespace portfolio::aws {
namespace {

TEST(S3Client, ChecksumHeaderIsTheBase64OfTheBinarySha256) {
  EXPECT_EQ(base64(as_view(sha256(""))), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
}

TEST(S3Client, XmlValuesAreFoundInOrderAndDecoded) {
  const std::string xml =
      "<ListBucketResult><Contents><Key>images/devices/a&amp;b</Key></Contents>"
      "<Contents><Key>images/users/x</Key></Contents><IsTruncated>true</IsTruncated>"
      "<NextContinuationToken>t&lt;1&gt;</NextContinuationToken></ListBucketResult>";
  EXPECT_EQ(xml_values(xml, "Key"), (std::vector<std::string>{"images/devices/a&b", "images/users/x"}));
  EXPECT_EQ(xml_values(xml, "NextContinuationToken"), std::vector<std::string>{"t<1>"});
  EXPECT_TRUE(xml_values(xml, "Missing").empty());
}

TEST(S3Client, ErrorsAreClassifiedForRetries) {
  const auto missing = parse_s3_error(404, "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>");
  EXPECT_EQ(missing.kind, AwsError::Kind::service);
  EXPECT_EQ(missing.type, "NoSuchKey");
  EXPECT_EQ(missing.message, "gone");
  EXPECT_EQ(parse_s3_error(503, "<Error><Code>SlowDown</Code></Error>").kind, AwsError::Kind::throttled);
  EXPECT_EQ(parse_s3_error(500, "<Error><Code>InternalError</Code></Error>").kind,
            AwsError::Kind::unavailable);
  EXPECT_EQ(parse_s3_error(412, "").type, "PreconditionFailed");
  EXPECT_EQ(parse_s3_error(404, "").type, "NoSuchKey");  // a body-less answer
}

}  // namespace
}  // namespace portfolio::aws
