#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "api/api_error.hpp"
#include "api/api_types.hpp"
#include "domain/error.hpp"

namespace portfolio::api {

ApiResponse json_response(unsigned status, const boost::json::value& body);
// A string, or null when absent (next_cursor on the last page).
boost::json::value string_or_null(const std::optional<std::string>& text);
ApiResponse error_response(const domain::Error& error, const ApiRequest& request);

// The body of a POST/PUT/PATCH as JSON: 415 unless the content type is application/json, 400
// MALFORMED_JSON unless it parses.
boost::system::result<boost::json::value, ApiError> json_body(const ApiRequest& request);

}  // namespace portfolio::api
