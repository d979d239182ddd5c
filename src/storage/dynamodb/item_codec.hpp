#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/reading.hpp"
#include "domain/user.hpp"

namespace portfolio::storage::dynamodb {

// Conversions between domain records and DynamoDB items in the JSON protocol's AttributeValue form
// ({"S": "..."} / {"N": "..."}). Numbers travel as decimal strings: doubles are printed with the
// shortest digits that read back to the same double, so every value round-trips exactly.

boost::json::object string_value(std::string_view text);
boost::json::object number_value(double number);
boost::json::object number_value(std::int64_t number);

std::optional<std::string> read_string(const boost::json::object& item, std::string_view name);
std::optional<double> read_double(const boost::json::object& item, std::string_view name);
std::optional<std::int64_t> read_int64(const boost::json::object& item, std::string_view name);

std::string format_number(double number);

boost::json::object user_item(const domain::User& user);
std::optional<domain::User> user_from_item(const boost::json::object& item);

boost::json::object reading_item(const domain::Reading& reading);
std::optional<domain::Reading> reading_from_item(const boost::json::object& item);

// Keys of the uniqueness markers: "username#alice", "email#alice@example.com" (lower case).
std::string username_marker(std::string_view username);
std::string email_marker(std::string_view email);

}  // namespace portfolio::storage::dynamodb
