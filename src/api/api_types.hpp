#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portfolio::api {

// A request as the handlers see it: already routed, size-checked and rate-limited by the HTTP layer.
struct ApiRequest {
  std::string_view method;
  std::vector<std::pair<std::string, std::string>> path_params;  // from the route template, decoded
  std::vector<std::pair<std::string, std::string>> query;        // decoded, in order
  std::string_view body;
  std::string_view content_type;
  std::string request_id;

  std::string_view path_param(std::string_view name) const;
  // The first value of a query parameter, or nullptr when absent.
  const std::string* query_param(std::string_view name) const;
};

struct ApiResponse {
  unsigned status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace portfolio::api
