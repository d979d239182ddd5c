#include "api/api_error.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace portfolio::api {
namespace {

using domain::ErrorCode;

TEST(ToApiError, MapsEveryDomainCodeToItsStatus) {
  const std::vector<std::pair<ErrorCode, unsigned>> expected{
      {ErrorCode::validation_error, 400u},    {ErrorCode::user_not_found, 404u},
      {ErrorCode::device_not_found, 404u},    {ErrorCode::duplicate_username, 409u},
      {ErrorCode::duplicate_email, 409u},     {ErrorCode::conflict, 409u},
      {ErrorCode::storage_unavailable, 503u}, {ErrorCode::internal_error, 500u}};
  for (const auto& [code, status] : expected) {
    const auto error = to_api_error({code, "detail", {}});
    EXPECT_EQ(error.status, status) << domain::to_string(code);
    EXPECT_EQ(error.code, domain::to_string(code));
  }
}

TEST(ToApiError, KeepsInternalsOutOfTheResponse) {
  const auto internal = to_api_error(domain::Error::internal("sqlite3_step: disk I/O error at /var/lib/x"));
  EXPECT_EQ(internal.message.find("sqlite"), std::string::npos);
  const auto unavailable = to_api_error(domain::Error::unavailable("connect 10.0.0.7:443 refused"));
  EXPECT_EQ(unavailable.message.find("10.0.0.7"), std::string::npos);
}

TEST(ErrorResponse, HasTheDocumentedShape) {
  const auto response = error_response(ApiError::validation("bad", {{"email", "must be valid"}}), "req-1");
  EXPECT_EQ(response.status, 400U);
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.size(), 6U);
  EXPECT_EQ(body.at("error_code").as_string(), "VALIDATION_ERROR");
  EXPECT_EQ(body.at("request_id").as_string(), "req-1");
  EXPECT_EQ(body.at("details").as_array().at(0).as_object().at("field").as_string(), "email");
  for (const auto* key : {"error", "message", "timestamp"}) EXPECT_TRUE(body.contains(key)) << key;
}

}  // namespace
}  // namespace portfolio::api
