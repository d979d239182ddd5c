#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace portfolio::observability::testing {

// Checks one log line against the required structure of the CloudWatch Embedded Metric Format
// specification and returns every violation found (empty when the line is a valid EMF document):
// - the line is one JSON object of at most 256 KiB;
// - `_aws` holds an integer `Timestamp` (epoch ms) and a non-empty `CloudWatchMetrics` array;
// - each MetricDirective has a `Namespace` (1-255 characters), `Dimensions` (an array of dimension sets,
//   each an array of 1-30 names) and `Metrics` (1-100 MetricDefinitions of `Name` and optional `Unit`
//   from CloudWatch's unit list), and no other members;
// - every dimension name is a top-level string member; every metric name is a top-level member holding
//   a number, an array of at most 100 numbers, or a distribution with `Values` and `Counts` arrays of
//   equal length (at most 100) and numeric `Max`, `Min`, `Count` and `Sum`.
std::vector<std::string> emf_violations(std::string_view line);

}  // namespace portfolio::observability::testing
