#include "http/request_framing.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>

namespace portfolio::http {
namespace beast_http = boost::beast::http;

std::optional<std::string_view> framing_error(const beast_http::request_header<>& header) {
  const auto hosts = header.count(beast_http::field::host);
  if (hosts > 1) return "a request must carry one Host header field";
  if (hosts == 0 && header.version() >= 11) return "an HTTP/1.1 request must carry a Host header field";

  const auto codings = header.equal_range(beast_http::field::transfer_encoding);
  if (codings.first == codings.second) return std::nullopt;
  if (header.count(beast_http::field::content_length) > 0) {
    return "a request must not carry both Transfer-Encoding and Content-Length";
  }
  std::size_t chunked = 0;
  bool last_is_chunked = false;
  bool any = false;
  for (auto field = codings.first; field != codings.second; ++field) {
    for (const auto& coding : beast_http::token_list{field->value()}) {
      any = true;
      last_is_chunked = boost::beast::iequals(coding, "chunked");
      if (last_is_chunked) ++chunked;
    }
  }
  if (!any || !last_is_chunked || chunked > 1) {
    return "the last transfer coding of a request must be chunked, and only the last";
  }
  return std::nullopt;
}

}  // namespace portfolio::http
