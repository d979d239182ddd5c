#include "api/json_codec.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <optional>

#include "domain/user_rules.hpp"

namespace portfolio::api {
namespace json = boost::json;
using domain::FieldError;

namespace {

std::optional<double> as_number(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

// Integers only: 1.5e12 or "1700000000000" are refused rather than silently converted.
std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

const json::object* as_object(const json::value& json, std::vector<FieldError>& errors) {
  if (!json.is_object()) {
    errors.push_back({"body", "must be a JSON object"});
    return nullptr;
  }
  return &json.get_object();
}

}  // namespace

boost::system::result<json::value, ApiError> parse_body(std::string_view body) {
  if (body.empty()) return ApiError::malformed_json("the request body is empty");
  json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  // The document's nodes come from one arena that lives as long as the value and is released at
  // once, instead of a malloc and a free per node: a 500-reading batch is about 4,000 nodes. The
  // first block fits a body's document (about twice its text) so that most need only one.
  json::value value =
      json::parse(body, ec, json::make_shared_resource<json::monotonic_resource>(2 * body.size()), options);
  if (ec) return ApiError::malformed_json("the request body is not valid JSON: " + ec.message());
  return value;
}

domain::Result<domain::UserFields> user_fields_from_json(const json::value& json) {
  std::vector<FieldError> errors;
  const auto* object = as_object(json, errors);
  if (object == nullptr) return domain::Error::invalid_fields(std::move(errors));
  domain::UserFields fields;
  for (const auto& [key, value] : *object) {
    if (key == "username" || key == "email") {
      if (!value.is_string()) {
        errors.push_back({std::string(key), "must be a string"});
        continue;
      }
      // Check the rules here too, so one response names every bad field, shape or content.
      const auto text = value.get_string();
      auto rule_errors =
          key == "username" ? domain::UserRules::check_username(text) : domain::UserRules::check_email(text);
      errors.insert(errors.end(), rule_errors.begin(), rule_errors.end());
      (key == "username" ? fields.username : fields.email) = std::string(text);
    } else if (key == "status") {
      const auto status = value.is_string() ? domain::parse_user_status(value.get_string()) : std::nullopt;
      if (!status) {
        errors.push_back({"status", "must be \"active\" or \"inactive\""});
        continue;
      }
      fields.status = status;
    } else {
      errors.push_back({std::string(key), "is not a known field"});
    }
  }
  if (!errors.empty()) return domain::Error::invalid_fields(std::move(errors));
  return fields;
}

domain::Result<domain::Reading> reading_from_json(const json::value& json, std::int64_t now_ms) {
  std::vector<FieldError> errors;
  const auto* object = as_object(json, errors);
  if (object == nullptr) return domain::Error::invalid_fields(std::move(errors));
  domain::Reading reading;
  reading.timestamp_ms = now_ms;
  const auto number = [&](std::string_view key, const json::value& value, auto&& assign) {
    if (const auto n = as_number(value)) {
      assign(*n);
    } else {
      errors.push_back({std::string(key), "must be a number"});
    }
  };
  for (const auto& [key, value] : *object) {
    if (key == "device_id") {
      if (!value.is_string()) {
        errors.push_back({"device_id", "must be a string"});
        continue;
      }
      reading.device_id = std::string(value.get_string());
    } else if (key == "timestamp") {
      if (const auto ts = as_integer(value)) {
        reading.timestamp_ms = *ts;
      } else {
        errors.push_back({"timestamp", "must be an integer number of epoch milliseconds"});
      }
    } else if (key == "temperature") {
      number(key, value, [&](double n) { reading.temperature = n; });
    } else if (key == "humidity") {
      number(key, value, [&](double n) { reading.humidity = n; });
    } else if (key == "battery_level") {
      if (!value.is_null()) number(key, value, [&](double n) { reading.battery_level = n; });
    } else if (key == "status") {
      const auto status = value.is_string() ? domain::parse_device_status(value.get_string()) : std::nullopt;
      if (!status) {
        errors.push_back({"status", "must be one of active, inactive, error, maintenance"});
        continue;
      }
      reading.status = *status;
    } else if (key == "location") {
      if (value.is_null()) continue;
      if (!value.is_string()) {
        errors.push_back({"location", "must be a string"});
        continue;
      }
      reading.location = std::string(value.get_string());
    } else {
      errors.push_back({std::string(key), "is not a known field"});
    }
  }
  for (const char* required : {"device_id", "temperature", "humidity", "status"}) {
    if (object->if_contains(required) == nullptr) errors.push_back({required, "is required"});
  }
  if (!errors.empty()) return domain::Error::invalid_fields(std::move(errors));
  return reading;
}

json::object to_json(const domain::User& user) {
  return {{"user_id", user.user_id},       {"username", user.username},
          {"email", user.email},           {"status", domain::to_string(user.status)},
          {"created_at", user.created_at}, {"updated_at", user.updated_at}};
}

json::object to_json(const domain::Reading& reading) {
  json::object out{{"device_id", reading.device_id},
                   {"timestamp", reading.timestamp_ms},
                   {"temperature", reading.temperature},
                   {"humidity", reading.humidity},
                   {"status", domain::to_string(reading.status)}};
  if (reading.battery_level) out["battery_level"] = *reading.battery_level;
  if (reading.location) out["location"] = *reading.location;
  return out;
}

json::object to_json(const domain::DeviceState& device) {
  return {{"device_id", device.device_id},
          {"status", domain::to_string(device.latest.status)},
          {"last_seen", device.latest.timestamp_ms},
          {"latest", to_json(device.latest)}};
}

json::object to_json(const domain::DeviceSummary& summary) {
  const auto stats = [](const domain::Stats& s) {
    return json::object{{"min", s.min}, {"max", s.max}, {"avg", s.avg}};
  };
  return {{"device_id", summary.device_id},
          {"count", summary.count},
          {"temperature", stats(summary.temperature)},
          {"humidity", stats(summary.humidity)},
          {"battery_min", summary.battery_min ? json::value(*summary.battery_min) : json::value(nullptr)},
          {"latest_status", domain::to_string(summary.latest_status)},
          {"latest_timestamp", summary.latest_timestamp_ms}};
}

json::object to_json(const domain::SeriesBucket& bucket) {
  const auto stats = [](const domain::Stats& s) {
    return json::object{{"min", s.min}, {"avg", s.avg}, {"max", s.max}};
  };
  return {{"start", bucket.start_ms},
          {"count", bucket.count},
          {"temperature", stats(bucket.temperature)},
          {"humidity", stats(bucket.humidity)},
          {"battery_min", bucket.battery_min ? json::value(*bucket.battery_min) : json::value(nullptr)}};
}

}  // namespace portfolio::api
