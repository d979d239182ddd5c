#pragma once

#include "api/api_types.hpp"

namespace portfolio::api {

// GET /openapi.json, /docs (Swagger UI), /redoc (ReDoc) and /docs/assets/{file}.
ApiResponse openapi_document(const ApiRequest& request);
ApiResponse swagger_ui_page(const ApiRequest& request);
ApiResponse redoc_page(const ApiRequest& request);
ApiResponse docs_asset(const ApiRequest& request);

}  // namespace portfolio::api
