#include "storage/dynamodb/position_token.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "storage/store_errors.hpp"

namespace portfolio::storage::dynamodb {
namespace {

namespace json = boost::json;

// The one wording every back end uses (storage/store_errors.hpp).
domain::Error invalid() {
  return invalid_position();
}

bool is_integer(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::string encode_position(const json::object& key) {
  return json::serialize(key);
}

domain::Result<json::object> decode_position(std::string_view token, KeySchema schema) {
  constexpr std::size_t kMaxTokenSize = 2048;
  if (token.empty() || token.size() > kMaxTokenSize) {
    return invalid();
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(token, ec);
  if (ec || !parsed.is_object() || parsed.as_object().size() != schema.size()) {
    return invalid();
  }
  json::object& key = parsed.as_object();
  json::object canonical;
  for (const auto& attribute : schema) {
    const json::value* value = key.if_contains(attribute.name);
    if (value == nullptr || !value->is_object() || value->as_object().size() != 1) {
      return invalid();
    }
    const char type[2] = {attribute.type, '\0'};
    const json::value* typed = value->as_object().if_contains(type);
    if (typed == nullptr || !typed->is_string() || typed->as_string().empty()) {
      return invalid();
    }
    if (attribute.type == 'N' && !is_integer(typed->as_string())) {
      return invalid();
    }
    canonical[attribute.name] = json::object{{type, typed->as_string()}};
  }
  // Only the exact bytes this store writes are accepted (no reordering, spacing or escapes).
  if (json::serialize(canonical) != token) {
    return invalid();
  }
  return canonical;
}

json::object key_of(const json::object& item, KeySchema schema) {
  json::object key;
  for (const auto& attribute : schema) {
    if (const json::value* value = item.if_contains(attribute.name)) {
      key[attribute.name] = *value;
    }
  }
  return key;
}

}  // namespace portfolio::storage::dynamodb
