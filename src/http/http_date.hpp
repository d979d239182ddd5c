#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portfolio::http {

// The IMF-fixdate of a moment (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::int64_t epoch_seconds);

// The Date header value for now, formatted once per second per thread; the view stays valid until the
// thread's next call.
std::string_view current_http_date();

}  // namespace portfolio::http
