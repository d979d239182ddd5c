#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string_view>

#include "api/api_error.hpp"
#include "domain/error.hpp"
#include "domain/reading.hpp"
#include "domain/rollup.hpp"
#include "domain/user.hpp"

namespace portfolio::api {

// Parses a request body as JSON: MALFORMED_JSON on syntax errors, bad UTF-8 or excessive nesting.
boost::system::result<boost::json::value, ApiError> parse_body(std::string_view body);

// Shapes a client sends. Wrong types and unknown members are validation errors naming the field.
domain::Result<domain::UserFields> user_fields_from_json(const boost::json::value& json);
// `now_ms` fills a missing timestamp. Only the shape is checked here; ReadingRules checks ranges.
domain::Result<domain::Reading> reading_from_json(const boost::json::value& json, std::int64_t now_ms);

boost::json::object to_json(const domain::User& user);
boost::json::object to_json(const domain::Reading& reading);
boost::json::object to_json(const domain::DeviceState& device);
boost::json::object to_json(const domain::DeviceSummary& summary);
boost::json::object to_json(const domain::SeriesBucket& bucket);

}  // namespace portfolio::api
