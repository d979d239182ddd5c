#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/api_types.hpp"
#include "domain/error.hpp"

namespace portfolio::api {

// An error as the client sees it: an HTTP status, a stable code and the documented JSON shape.
struct ApiError {
  unsigned status = 500;
  std::string code;     // e.g. VALIDATION_ERROR
  std::string title;    // short text, the "error" member
  std::string message;  // detail
  std::vector<domain::FieldError> details;

  static ApiError not_found();
  static ApiError method_not_allowed();
  static ApiError malformed_json(std::string message);
  static ApiError payload_too_large();
  static ApiError headers_too_large();
  static ApiError unsupported_media_type();
  static ApiError rate_limited();
  static ApiError unauthorized();
  static ApiError bad_request(std::string message);
  static ApiError validation(std::string message, std::vector<domain::FieldError> details = {});
};

// The one mapping from domain errors to HTTP. Internal errors keep their detail out of the response.
ApiError to_api_error(const domain::Error& error);

// The documented error body: {"error","error_code","message","timestamp","request_id","details"}.
boost::json::object error_body(const ApiError& error, const std::string& request_id);
// [{"field","message"}, ...]
boost::json::array details_json(const std::vector<domain::FieldError>& details);
ApiResponse error_response(const ApiError& error, const std::string& request_id);

}  // namespace portfolio::api
