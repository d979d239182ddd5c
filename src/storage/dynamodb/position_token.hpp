#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace portfolio::storage::dynamodb {

// A page position is DynamoDB's own LastEvaluatedKey, written as compact JSON, e.g.
// {"device_id":{"S":"dev-1"},"timestamp":{"N":"1764324000000"}}. Decoding is strict: exactly the
// expected key attributes with the expected types, in the canonical compact form this store
// writes; anything else is a validation_error (the API layer also seals tokens against tampering).

struct KeyAttribute {
  std::string_view name;
  char type;  // 'S' or 'N'
};
using KeySchema = std::span<const KeyAttribute>;

std::string encode_position(const boost::json::object& key);
domain::Result<boost::json::object> decode_position(std::string_view token, KeySchema schema);

// Picks the key attributes of `schema` out of a full item.
boost::json::object key_of(const boost::json::object& item, KeySchema schema);

}  // namespace portfolio::storage::dynamodb
