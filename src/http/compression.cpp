#include "http/compression.hpp"

#include <zlib.h>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <charconv>

namespace portfolio::http {
namespace {

// The q-value of a coding's parameters (1 when absent or unreadable, as RFC 9110 section 12.4.2 has it).
double quality(const boost::beast::http::param_list& params) {
  for (const auto& [name, value] : params) {
    if (!boost::beast::iequals(name, "q")) continue;
    double q = 1;
    const auto* end = value.data() + value.size();
    if (std::from_chars(value.data(), end, q).ec != std::errc{}) return 1;
    return q;
  }
  return 1;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<double> named;
  std::optional<double> any;
  for (const auto& element : boost::beast::http::ext_list{accept_encoding}) {
    const auto coding = element.first;
    if (boost::beast::iequals(coding, "gzip") || boost::beast::iequals(coding, "x-gzip")) {
      named = quality(element.second);
    } else if (coding == "*") {
      any = quality(element.second);
    }
  }
  if (named) return *named > 0;
  return any && *any > 0;
}

std::optional<std::string> gzip(std::string_view data, int level) {
  z_stream stream{};
  constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header and trailer
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  // zlib's API takes non-const pointers but does not write through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // NOLINT
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());  // NOLINT
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

}  // namespace portfolio::http
