#include "sim/api_response.hpp"

#include <boost/json.hpp>

namespace portfolio::sim {
namespace {

constexpr std::size_t kMaxQuotedBody = 200;

std::string string_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::optional<std::size_t> count_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !(value->is_int64() || value->is_uint64()) ||
      value->to_number<std::int64_t>() < 0) {
    return std::nullopt;
  }
  return value->to_number<std::size_t>();
}

}  // namespace

std::string describe_failure(const ApiResponse& response, const std::string& api_url) {
  if (!response.reached()) {
    return "cannot reach the API at " + api_url + ": " + response.transport_error;
  }
  std::string text = "HTTP " + std::to_string(response.status);
  boost::system::error_code ec;
  const auto body = boost::json::parse(response.body, ec);
  if (!ec && body.is_object()) {
    const auto code = string_member(body.get_object(), "error_code");
    const auto message = string_member(body.get_object(), "message");
    if (!code.empty()) {
      text += " " + code;
    }
    if (!message.empty()) {
      text += ": " + message;
    }
    return text;
  }
  if (!response.body.empty()) {
    text += ": " + response.body.substr(0, kMaxQuotedBody);
  }
  return text;
}

std::optional<BatchOutcome> parse_batch_outcome(const std::string& body) {
  boost::system::error_code ec;
  const auto document = boost::json::parse(body, ec);
  if (ec || !document.is_object()) {
    return std::nullopt;
  }
  const auto& object = document.get_object();
  const auto accepted = count_member(object, "accepted");
  const auto rejected = count_member(object, "rejected");
  if (!accepted || !rejected) {
    return std::nullopt;
  }
  BatchOutcome outcome{*accepted, *rejected, {}};
  if (const auto* errors = object.if_contains("errors"); errors != nullptr && errors->is_array()) {
    for (const auto& error : errors->get_array()) {
      if (!error.is_object()) {
        continue;
      }
      const auto& item = error.get_object();
      outcome.rejections.push_back({count_member(item, "index").value_or(0),
                                    string_member(item, "error_code"), string_member(item, "message")});
    }
  }
  return outcome;
}

}  // namespace portfolio::sim
