#include "api/docs_handlers.hpp"

#include "api/api_error.hpp"
#include "api/embedded_assets.hpp"

namespace portfolio::api {
namespace {

// The pages load everything from this service; the start-up scripts are files, not inline code, so
// the Content-Security-Policy can stay at 'self'.
constexpr std::string_view kSwaggerPage = R"html(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>portfolio-api: Swagger UI</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-init.js"></script>
</body>
</html>
)html";

constexpr std::string_view kSwaggerInit =
    "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true});\n";

constexpr std::string_view kRedocPage = R"html(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>portfolio-api: ReDoc</title>
</head>
<body>
  <div id="redoc"></div>
  <script src="/docs/assets/redoc.standalone.js"></script>
  <script src="/docs/assets/redoc-init.js"></script>
</body>
</html>
)html";

constexpr std::string_view kRedocInit =
    "Redoc.init('/openapi.json', {hideDownloadButton: false}, document.getElementById('redoc'));\n";

ApiResponse content(std::string_view body, std::string content_type) {
  ApiResponse response;
  response.body = std::string(body);
  response.content_type = std::move(content_type);
  return response;
}

}  // namespace

ApiResponse openapi_document(const ApiRequest&) {
  return content(EmbeddedAssets::openapi_json(), "application/json");
}

ApiResponse swagger_ui_page(const ApiRequest&) {
  return content(kSwaggerPage, "text/html; charset=utf-8");
}

ApiResponse redoc_page(const ApiRequest&) {
  return content(kRedocPage, "text/html; charset=utf-8");
}

ApiResponse docs_asset(const ApiRequest& request) {
  const auto file = request.path_param("file");
  constexpr auto js = "text/javascript; charset=utf-8";
  if (file == "swagger-ui-bundle.js") return content(EmbeddedAssets::swagger_ui_js(), js);
  if (file == "swagger-ui.css") return content(EmbeddedAssets::swagger_ui_css(), "text/css; charset=utf-8");
  if (file == "swagger-init.js") return content(kSwaggerInit, js);
  if (file == "redoc.standalone.js") return content(EmbeddedAssets::redoc_js(), js);
  if (file == "redoc-init.js") return content(kRedocInit, js);
  return error_response(ApiError::not_found(), request.request_id);
}

}  // namespace portfolio::api
