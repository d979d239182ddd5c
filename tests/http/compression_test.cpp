#include "http/compression.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace portfolio::http {
namespace {

std::string gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(data.size() * 50 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // NOLINT
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());  // NOLINT
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(Compression, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
}

TEST(Compression, GzipRoundTripsAndShrinksJson) {
  std::string json = "[";
  for (int i = 0; i < 100; ++i) {
    json += R"({"device_id":"sensor-1","timestamp":17000000)" + std::to_string(i) +
            R"(,"temperature":20.5,"humidity":41.25,"status":"active"},)";
  }
  json.back() = ']';
  const auto compressed = gzip(json);
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->substr(0, 2), "\x1f\x8b");  // gzip magic
  EXPECT_LT(compressed->size() * 4, json.size());
  EXPECT_EQ(gunzip(*compressed), json);
  EXPECT_EQ(gunzip(*gzip("")), "");
}

}  // namespace
}  // namespace portfolio::http
