#include "api/api_error.hpp"

#include <boost/json.hpp>

#include "domain/clock.hpp"
#include "json/json_text.hpp"

namespace portfolio::api {

using domain::ErrorCode;

ApiError ApiError::not_found() {
  return {404, "NOT_FOUND", "Not found", "no such resource", {}};
}
ApiError ApiError::method_not_allowed() {
  return {405, "METHOD_NOT_ALLOWED", "Method not allowed", "this resource does not support that method", {}};
}
ApiError ApiError::malformed_json(std::string message) {
  return {400, "MALFORMED_JSON", "Malformed JSON", std::move(message), {}};
}
ApiError ApiError::payload_too_large() {
  return {413, "PAYLOAD_TOO_LARGE", "Payload too large", "request bodies are limited to 1 MiB", {}};
}
ApiError ApiError::headers_too_large() {
  return {431,
          "HEADERS_TOO_LARGE",
          "Request header fields too large",
          "request headers are limited to 16 KiB",
          {}};
}
ApiError ApiError::unsupported_media_type() {
  return {
      415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "request bodies must be application/json", {}};
}
ApiError ApiError::rate_limited() {
  return {
      429, "RATE_LIMITED", "Too many requests", "rate limit exceeded; retry after the Retry-After delay", {}};
}
ApiError ApiError::unauthorized() {
  return {401, "UNAUTHORIZED", "Unauthorized", "a valid X-API-Key header is required", {}};
}
ApiError ApiError::bad_request(std::string message) {
  return {400, "BAD_REQUEST", "Bad request", std::move(message), {}};
}
ApiError ApiError::validation(std::string message, std::vector<domain::FieldError> details) {
  return {400, "VALIDATION_ERROR", "Validation failed", std::move(message), std::move(details)};
}

ApiError to_api_error(const domain::Error& error) {
  const std::string code(domain::to_string(error.code));
  switch (error.code) {
    case ErrorCode::validation_error:
      return ApiError::validation(error.message, error.details);
    case ErrorCode::user_not_found:
      return {404, code, "User not found", error.message, {}};
    case ErrorCode::device_not_found:
      return {404, code, "Device not found", error.message, {}};
    case ErrorCode::duplicate_username:
      return {409, code, "Username already exists", error.message, {}};
    case ErrorCode::duplicate_email:
      return {409, code, "E-mail already exists", error.message, {}};
    case ErrorCode::conflict:
      return {409, code, "Conflict", error.message, {}};
    case ErrorCode::storage_unavailable:
      return {503, code, "Storage unavailable", "the data store is unavailable; retry later", {}};
    case ErrorCode::internal_error:
      break;
  }
  return {500, "INTERNAL_ERROR", "Internal server error", "an unexpected error occurred", {}};
}

boost::json::array details_json(const std::vector<domain::FieldError>& details) {
  boost::json::array out;
  for (const auto& d : details) out.push_back({{"field", d.field}, {"message", d.message}});
  return out;
}

boost::json::object error_body(const ApiError& error, const std::string& request_id) {
  return {{"error", error.title},     {"error_code", error.code},
          {"message", error.message}, {"timestamp", domain::format_iso8601(domain::now_epoch_ms())},
          {"request_id", request_id}, {"details", details_json(error.details)}};
}

ApiResponse error_response(const ApiError& error, const std::string& request_id) {
  ApiResponse response;
  response.status = error.status;
  response.body = portfolio::json::to_text(error_body(error, request_id));
  return response;
}

}  // namespace portfolio::api
