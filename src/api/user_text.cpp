#include "api/user_text.hpp"

#include "json/json_text.hpp"

namespace portfolio::api {

std::string user_text(const domain::User& user, const std::optional<std::string>& image_url) {
  using portfolio::json::append_string;
  std::string out;
  out.reserve(256);
  out.append(R"({"user_id":)");
  append_string(out, user.user_id);
  out.append(R"(,"username":)");
  append_string(out, user.username);
  out.append(R"(,"email":)");
  append_string(out, user.email);
  out.append(R"(,"status":)");
  append_string(out, domain::to_string(user.status));
  out.append(R"(,"created_at":)");
  append_string(out, user.created_at);
  out.append(R"(,"updated_at":)");
  append_string(out, user.updated_at);
  if (image_url) {
    out.append(R"(,"image_url":)");
    append_string(out, *image_url);
  }
  out.push_back('}');
  return out;
}

}  // namespace portfolio::api
