#include "storage/dynamodb/rollup_codec.hpp"

#include "storage/dynamodb/item_codec.hpp"

namespace portfolio::storage::dynamodb {

namespace json = boost::json;
using domain::Rollup;

json::object rollup_fields(const Rollup& rollup) {
  json::object fields{{"n", number_value(rollup.count)},
                      {"tsum", number_value(rollup.temperature_sum)},
                      {"tmin", number_value(rollup.temperature_min)},
                      {"tmax", number_value(rollup.temperature_max)},
                      {"hsum", number_value(rollup.humidity_sum)},
                      {"hmin", number_value(rollup.humidity_min)},
                      {"hmax", number_value(rollup.humidity_max)},
                      {"lst", string_value(domain::to_string(rollup.latest_status))},
                      {"lts", number_value(rollup.latest_ms)}};
  if (rollup.battery_min) fields["bmin"] = number_value(*rollup.battery_min);
  return fields;
}

std::optional<Rollup> rollup_from_fields(const json::object& fields, std::int64_t start_ms) {
  const auto count = read_int64(fields, "n");
  const auto tsum = read_double(fields, "tsum");
  const auto tmin = read_double(fields, "tmin");
  const auto tmax = read_double(fields, "tmax");
  const auto hsum = read_double(fields, "hsum");
  const auto hmin = read_double(fields, "hmin");
  const auto hmax = read_double(fields, "hmax");
  const auto status_text = read_string(fields, "lst");
  const auto latest = read_int64(fields, "lts");
  if (!count || !tsum || !tmin || !tmax || !hsum || !hmin || !hmax || !status_text || !latest) {
    return std::nullopt;
  }
  const auto status = domain::parse_device_status(*status_text);
  if (!status) return std::nullopt;
  Rollup rollup;
  rollup.start_ms = start_ms;
  rollup.count = *count;
  rollup.temperature_sum = *tsum;
  rollup.temperature_min = *tmin;
  rollup.temperature_max = *tmax;
  rollup.humidity_sum = *hsum;
  rollup.humidity_min = *hmin;
  rollup.humidity_max = *hmax;
  rollup.battery_min = read_double(fields, "bmin");
  rollup.latest_status = *status;
  rollup.latest_ms = *latest;
  return rollup;
}

}  // namespace portfolio::storage::dynamodb
