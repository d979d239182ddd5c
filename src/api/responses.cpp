#include "api/responses.hpp"

#include <cctype>
#include <utility>

#include "api/json_codec.hpp"
#include "json/json_text.hpp"
#include "logging/logger.hpp"

namespace portfolio::api {
namespace {

// "application/json", optionally with parameters such as "; charset=utf-8", in any letter case.
bool is_json_media_type(std::string_view content_type) {
  constexpr std::string_view expected = "application/json";
  if (content_type.size() < expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(content_type[i])) != expected[i]) return false;
  }
  const auto rest = content_type.substr(expected.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ';
}

}  // namespace

ApiResponse json_response(unsigned status, const boost::json::value& body) {
  ApiResponse response;
  response.status = status;
  response.body = portfolio::json::to_text(body);
  return response;
}

ApiResponse json_text_response(unsigned status, std::string text) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(text);
  return response;
}

boost::json::value string_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return boost::json::value(*text);
}

ApiError reported_api_error(const domain::Error& error, std::string_view request_id) {
  auto api_error = to_api_error(error);
  if (api_error.status >= 500) {
    logging::error("request failed", {{"request_id", request_id},
                                      {"status", api_error.status},
                                      {"error_code", api_error.code},
                                      {"cause", error.message}});
  }
  return api_error;
}

ApiResponse error_response(const domain::Error& error, std::string_view request_id) {
  return error_response(reported_api_error(error, request_id), std::string(request_id));
}

ApiResponse error_response(const domain::Error& error, const ApiRequest& request) {
  return error_response(error, std::string_view(request.request_id));
}

boost::system::result<boost::json::value, ApiError> json_body(const ApiRequest& request) {
  if (!is_json_media_type(request.content_type)) return ApiError::unsupported_media_type();
  return parse_body(request.body);
}

}  // namespace portfolio::api
