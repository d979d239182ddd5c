#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/api_types.hpp"
#include "domain/error.hpp"

namespace portfolio::api {

ApiResponse json_response(unsigned status, const boost::json::value& body);
// A body already written as JSON text by portfolio::json's append functions (the DOM-free hot paths).
ApiResponse json_text_response(unsigned status, std::string text);
// A string, or null when absent (next_cursor on the last page).
boost::json::value string_or_null(const std::optional<std::string>& text);
// The documented error response for a domain error. A 5xx also writes the one log line that records
// its cause (at error level, with the request id): `error.message`, which for storage and internal
// errors names the failing operation, the storage or AWS error type and its message. The cause never
// reaches the response body.
ApiResponse error_response(const domain::Error& error, const ApiRequest& request);
ApiResponse error_response(const domain::Error& error, std::string_view request_id);
// to_api_error with that same log line, for handlers that build the error body themselves.
ApiError reported_api_error(const domain::Error& error, std::string_view request_id);

// The body of a POST/PUT/PATCH as JSON: 415 unless the content type is application/json, 400
// MALFORMED_JSON unless it parses.
boost::system::result<boost::json::value, ApiError> json_body(const ApiRequest& request);

}  // namespace portfolio::api
