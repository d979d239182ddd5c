#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>

#include "domain/rollup.hpp"

namespace portfolio::storage::dynamodb {

// A rollup as stored attributes: n, tsum, tmin, tmax, hsum, hmin, hmax, bmin (when a reading had a
// battery level), lst and lts. A day item holds its day's totals at its top level and each hour in
// a map attribute of the same fields.
boost::json::object rollup_fields(const domain::Rollup& rollup);

// The rollup in these attributes, starting at start_ms; nullopt when a field is missing or unreadable.
std::optional<domain::Rollup> rollup_from_fields(const boost::json::object& fields, std::int64_t start_ms);

}  // namespace portfolio::storage::dynamodb
