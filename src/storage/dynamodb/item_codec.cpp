#include "storage/dynamodb/item_codec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

namespace portfolio::storage::dynamodb {
namespace {

namespace json = boost::json;

const json::string* attribute(const json::object& item, std::string_view name, std::string_view type) {
  const json::value* value = item.if_contains(name);
  if (value == nullptr || !value->is_object()) {
    return nullptr;
  }
  const json::value* typed = value->as_object().if_contains(type);
  return typed != nullptr ? typed->if_string() : nullptr;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string format_number(double number) {
  // Fixed notation (DynamoDB's N has no use for exponents at these magnitudes) with the shortest
  // digits that round-trip.
  char buffer[400];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed);
  if (ec != std::errc{}) {
    return "0";
  }
  return {buffer, end};
}

json::object string_value(std::string_view text) {
  return {{"S", text}};
}
json::object number_value(double number) {
  return {{"N", format_number(number)}};
}
json::object number_value(std::int64_t number) {
  return {{"N", std::to_string(number)}};
}

std::optional<std::string> read_string(const json::object& item, std::string_view name) {
  const json::string* text = attribute(item, name, "S");
  return text != nullptr ? std::optional<std::string>(std::string(*text)) : std::nullopt;
}

std::optional<double> read_double(const json::object& item, std::string_view name) {
  const json::string* text = attribute(item, name, "N");
  if (text == nullptr) {
    return std::nullopt;
  }
  double number = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    return std::nullopt;
  }
  return number;
}

std::optional<std::int64_t> read_int64(const json::object& item, std::string_view name) {
  const json::string* text = attribute(item, name, "N");
  if (text == nullptr) {
    return std::nullopt;
  }
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    return std::nullopt;
  }
  return number;
}

json::object user_item(const domain::User& user) {
  return {
      {"user_id", string_value(user.user_id)},       {"username", string_value(user.username)},
      {"email", string_value(user.email)},           {"status", string_value(domain::to_string(user.status))},
      {"created_at", string_value(user.created_at)}, {"updated_at", string_value(user.updated_at)}};
}

std::optional<domain::User> user_from_item(const json::object& item) {
  auto id = read_string(item, "user_id");
  auto username = read_string(item, "username");
  auto email = read_string(item, "email");
  auto status_text = read_string(item, "status");
  auto created = read_string(item, "created_at");
  auto updated = read_string(item, "updated_at");
  if (!id || !username || !email || !status_text || !created || !updated) {
    return std::nullopt;
  }
  auto status = domain::parse_user_status(*status_text);
  if (!status) {
    return std::nullopt;
  }
  return domain::User{std::move(*id), std::move(*username), std::move(*email),
                      *status,        std::move(*created),  std::move(*updated)};
}

json::object reading_item(const domain::Reading& reading) {
  json::object item{{"device_id", string_value(reading.device_id)},
                    {"timestamp", number_value(reading.timestamp_ms)},
                    {"temperature", number_value(reading.temperature)},
                    {"humidity", number_value(reading.humidity)},
                    {"status", string_value(domain::to_string(reading.status))}};
  if (reading.battery_level) {
    item["battery_level"] = number_value(*reading.battery_level);
  }
  if (reading.location) {
    item["location"] = string_value(*reading.location);
  }
  return item;
}

std::optional<domain::Reading> reading_from_item(const json::object& item) {
  auto device = read_string(item, "device_id");
  auto timestamp = read_int64(item, "timestamp");
  auto temperature = read_double(item, "temperature");
  auto humidity = read_double(item, "humidity");
  auto status_text = read_string(item, "status");
  if (!device || !timestamp || !temperature || !humidity || !status_text) {
    return std::nullopt;
  }
  auto status = domain::parse_device_status(*status_text);
  if (!status) {
    return std::nullopt;
  }
  domain::Reading reading{std::move(*device), *timestamp,  *temperature, *humidity, *status,
                          std::nullopt,       std::nullopt};
  if (item.contains("battery_level")) {
    reading.battery_level = read_double(item, "battery_level");
    if (!reading.battery_level) {
      return std::nullopt;
    }
  }
  reading.location = read_string(item, "location");
  return reading;
}

std::string username_marker(std::string_view username) {
  return "username#" + lower(username);
}
std::string email_marker(std::string_view email) {
  return "email#" + lower(email);
}

}  // namespace portfolio::storage::dynamodb
