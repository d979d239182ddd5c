#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace portfolio::http {

using WireResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The headers every response carries: Date, and the security headers (nosniff, DENY framing, no
// referrer, same-origin resources, and a Content-Security-Policy: the dashboard's for HTML, none
// allowed otherwise). They are added by the transport when a response is written, not kept as fields
// of the message: six fields the same on every response cost a fifth of a small response's
// instructions in Beast's field set.
//
// Appends the HTTP/1.1 wire form of a response's head to `out`: status line, the fields as set, Date
// and the security headers, blank line. The caller has prepared the payload (Content-Length,
// Connection): this only writes what is there. The caller sends the body after it in the same write,
// from where the body is (a gather write), or copied behind the head when small. One buffer, reused
// per connection, costs a fraction of Beast's generic serializer for the responses this service sends.
void append_wire_head(const WireResponse& response, std::string& out);

// Adds Date and the security headers as fields, for responses written by Beast's serializer instead
// (streamed bodies, refusals).
void add_transport_headers(WireResponse& response);

}  // namespace portfolio::http
