#pragma once

#include <string_view>

namespace portfolio::api {

// Files compiled into the binary (see embedded_assets.cpp): the OpenAPI document, and Swagger UI and
// ReDoc from their npm packages, so the API documentation needs neither files beside the binary nor
// a CDN.
struct EmbeddedAssets {
  static std::string_view openapi_json();
  static std::string_view swagger_ui_js();
  static std::string_view swagger_ui_css();
  static std::string_view redoc_js();
};

}  // namespace portfolio::api
