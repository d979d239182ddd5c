#include "api/embedded_assets.hpp"

// Each file is placed into .rodata by the assembler between a begin and an end symbol. The paths (and
// a hash of the contents, so that compiler caches notice a change) come from CMake.
#define PORTFOLIO_EMBED(name, path)                                                                   \
  __asm__(                                                                                            \
      ".section .rodata\n"                                                                            \
      ".balign 16\n"                                                                                  \
      ".global portfolio_asset_" #name                                                                \
      "_begin\n"                                                                                      \
      "portfolio_asset_" #name                                                                        \
      "_begin:\n"                                                                                     \
      ".incbin \"" path                                                                               \
      "\"\n"                                                                                          \
      ".global portfolio_asset_" #name                                                                \
      "_end\n"                                                                                        \
      "portfolio_asset_" #name                                                                        \
      "_end:\n"                                                                                       \
      ".byte 0\n"                                                                                     \
      ".previous\n");                                                                                 \
  extern "C" const char portfolio_asset_##name##_begin[];                                             \
  extern "C" const char portfolio_asset_##name##_end[];                                               \
  static std::string_view asset_##name() {                                                            \
    return {portfolio_asset_##name##_begin,                                                           \
            static_cast<std::size_t>(portfolio_asset_##name##_end - portfolio_asset_##name##_begin)}; \
  }

PORTFOLIO_EMBED(openapi_json, PORTFOLIO_OPENAPI_PATH)
PORTFOLIO_EMBED(swagger_ui_js, PORTFOLIO_SWAGGER_UI_JS_PATH)
PORTFOLIO_EMBED(swagger_ui_css, PORTFOLIO_SWAGGER_UI_CSS_PATH)
PORTFOLIO_EMBED(redoc_js, PORTFOLIO_REDOC_JS_PATH)

namespace portfolio::api {

std::string_view EmbeddedAssets::openapi_json() {
  return asset_openapi_json();
}
std::string_view EmbeddedAssets::swagger_ui_js() {
  return asset_swagger_ui_js();
}
std::string_view EmbeddedAssets::swagger_ui_css() {
  return asset_swagger_ui_css();
}
std::string_view EmbeddedAssets::redoc_js() {
  return asset_redoc_js();
}

}  // namespace portfolio::api
