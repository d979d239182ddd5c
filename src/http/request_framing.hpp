#pragma once

#include <boost/beast/http/message.hpp>
#include <optional>
#include <string_view>

namespace portfolio::http {

// Why a request's header cannot be served as RFC 9112 asks, or nullopt when it can. Each of these gets
// a 400 and the connection closes, because the end of the request (and so the start of the next one)
// cannot be trusted:
// - Transfer-Encoding whose last coding is not `chunked` (section 6.3), or `chunked` more than once;
// - Transfer-Encoding together with Content-Length (section 6.1: a smuggling vector);
// - HTTP/1.1 without exactly one Host field, or any request with more than one (section 3.2).
std::optional<std::string_view> framing_error(const boost::beast::http::request_header<>& header);

}  // namespace portfolio::http
