#include "http/request_framing.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

namespace portfolio::http {
namespace {
namespace beast_http = boost::beast::http;

beast_http::request_header<> request(unsigned version = 11) {
  beast_http::request_header<> header;
  header.version(version);
  header.method(beast_http::verb::post);
  header.target("/api/v1/metrics");
  header.insert(beast_http::field::host, "example");
  return header;
}

TEST(RequestFraming, PlainRequestsPass) {
  EXPECT_FALSE(framing_error(request()));
  auto chunked = request();
  chunked.insert(beast_http::field::transfer_encoding, "chunked");
  EXPECT_FALSE(framing_error(chunked));
  auto gzip_then_chunked = request();
  gzip_then_chunked.insert(beast_http::field::transfer_encoding, "gzip");
  gzip_then_chunked.insert(beast_http::field::transfer_encoding, "Chunked");
  EXPECT_FALSE(framing_error(gzip_then_chunked));
}

TEST(RequestFraming, LastCodingMustBeChunked) {
  for (const char* codings : {"gzip", "identity", "chunked, identity", "chunked, chunked", "", " , "}) {
    auto header = request();
    header.insert(beast_http::field::transfer_encoding, codings);
    EXPECT_TRUE(framing_error(header)) << codings;
  }
}

TEST(RequestFraming, TransferEncodingWithContentLengthIsRefused) {
  auto header = request();
  header.insert(beast_http::field::transfer_encoding, "chunked");
  header.insert(beast_http::field::content_length, "5");
  EXPECT_TRUE(framing_error(header));
}

TEST(RequestFraming, HostFields) {
  auto none = request();
  none.erase(beast_http::field::host);
  EXPECT_TRUE(framing_error(none));
  auto old = request(10);
  old.erase(beast_http::field::host);
  EXPECT_FALSE(framing_error(old));  // HTTP/1.0 may omit it
  auto two = request();
  two.insert(beast_http::field::host, "other");
  EXPECT_TRUE(framing_error(two));
}

}  // namespace
}  // namespace portfolio::http
