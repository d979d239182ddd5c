#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace portfolio::http {

// Appends the HTTP/1.1 wire form of a response (status line, fields as set, blank line, body) to `out`.
// The caller has prepared the payload (Content-Length, Connection): this only writes what is there.
// One contiguous buffer, reused per connection, costs a fraction of Beast's generic serializer for
// the small responses this service sends.
void append_wire_form(const boost::beast::http::response<boost::beast::http::string_body>& response,
                      std::string& out);

}  // namespace portfolio::http
