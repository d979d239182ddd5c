#pragma once

#include <optional>
#include <string>

#include "domain/user.hpp"

namespace portfolio::api {

// A user's response text written straight with portfolio::json's append functions, without a
// boost::json DOM: the user read is a hot path. Byte for byte what portfolio::json::to_text writes
// for to_json(user) with add_image_url's "image_url" (tests/api/user_text_test.cpp compares them):
// {"user_id","username","email","status","created_at","updated_at"[,"image_url"]}
std::string user_text(const domain::User& user, const std::optional<std::string>& image_url);

}  // namespace portfolio::api
