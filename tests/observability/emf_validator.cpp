#include "emf_validator.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

namespace portfolio::observability::testing {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxEventBytes = std::size_t{256} * 1024;
constexpr std::size_t kMaxDimensionsPerSet = 30;
constexpr std::size_t kMaxMetricsPerDirective = 100;
constexpr std::size_t kMaxValuesPerMetric = 100;

constexpr std::array<std::string_view, 27> kUnits = {"Seconds",
                                                     "Microseconds",
                                                     "Milliseconds",
                                                     "Bytes",
                                                     "Kilobytes",
                                                     "Megabytes",
                                                     "Gigabytes",
                                                     "Terabytes",
                                                     "Bits",
                                                     "Kilobits",
                                                     "Megabits",
                                                     "Gigabits",
                                                     "Terabits",
                                                     "Percent",
                                                     "Count",
                                                     "Bytes/Second",
                                                     "Kilobytes/Second",
                                                     "Megabytes/Second",
                                                     "Gigabytes/Second",
                                                     "Terabytes/Second",
                                                     "Bits/Second",
                                                     "Kilobits/Second",
                                                     "Megabits/Second",
                                                     "Gigabits/Second",
                                                     "Terabits/Second",
                                                     "Count/Second",
                                                     "None"};

class Checker {
 public:
  std::vector<std::string> problems;

  void fail(std::string message) { problems.push_back(std::move(message)); }

  void check_document(const json::object& root) {
    const auto* aws = root.if_contains("_aws");
    if (aws == nullptr || !aws->is_object()) {
      return fail("missing object member _aws");
    }
    const auto& metadata = aws->get_object();
    const auto* timestamp = metadata.if_contains("Timestamp");
    if (timestamp == nullptr || !(timestamp->is_int64() || timestamp->is_uint64())) {
      fail("_aws.Timestamp must be an integer (epoch milliseconds)");
    } else if (timestamp->to_number<std::int64_t>() < 0) {
      fail("_aws.Timestamp must not be negative");
    }
    const auto* directives = metadata.if_contains("CloudWatchMetrics");
    if (directives == nullptr || !directives->is_array() || directives->get_array().empty()) {
      return fail("_aws.CloudWatchMetrics must be a non-empty array");
    }
    for (const auto& directive : directives->get_array()) {
      if (!directive.is_object()) {
        fail("a MetricDirective must be an object");
        continue;
      }
      check_directive(root, directive.get_object());
    }
  }

 private:
  void check_directive(const json::object& root, const json::object& directive) {
    for (const auto& member : directive) {
      if (member.key() != "Namespace" && member.key() != "Dimensions" && member.key() != "Metrics") {
        fail("unexpected MetricDirective member " + std::string(member.key()));
      }
    }
    const auto* ns = directive.if_contains("Namespace");
    if (ns == nullptr || !ns->is_string() || ns->get_string().empty() || ns->get_string().size() > 255) {
      fail("Namespace must be a string of 1-255 characters");
    }
    const auto* dimensions = directive.if_contains("Dimensions");
    if (dimensions == nullptr || !dimensions->is_array()) {
      fail("Dimensions must be an array of dimension sets");
    } else {
      for (const auto& set : dimensions->get_array()) {
        check_dimension_set(root, set);
      }
    }
    const auto* metrics = directive.if_contains("Metrics");
    if (metrics == nullptr || !metrics->is_array() || metrics->get_array().empty() ||
        metrics->get_array().size() > kMaxMetricsPerDirective) {
      return fail("Metrics must be an array of 1-100 MetricDefinitions");
    }
    for (const auto& definition : metrics->get_array()) {
      check_metric_definition(root, definition);
    }
  }

  void check_dimension_set(const json::object& root, const json::value& set) {
    if (!set.is_array() || set.get_array().empty() || set.get_array().size() > kMaxDimensionsPerSet) {
      return fail("a dimension set must be an array of 1-30 dimension names");
    }
    for (const auto& name : set.get_array()) {
      if (!name.is_string()) {
        fail("a dimension name must be a string");
        continue;
      }
      const auto* target = root.if_contains(name.get_string());
      if (target == nullptr || !target->is_string()) {
        fail("dimension " + std::string(name.get_string()) + " must be a top-level string member");
      }
    }
  }

  void check_metric_definition(const json::object& root, const json::value& definition) {
    if (!definition.is_object()) {
      return fail("a MetricDefinition must be an object");
    }
    const auto& object = definition.get_object();
    for (const auto& member : object) {
      if (member.key() != "Name" && member.key() != "Unit" && member.key() != "StorageResolution") {
        fail("unexpected MetricDefinition member " + std::string(member.key()));
      }
    }
    const auto* name = object.if_contains("Name");
    if (name == nullptr || !name->is_string() || name->get_string().empty()) {
      return fail("a MetricDefinition needs a Name");
    }
    if (const auto* unit = object.if_contains("Unit")) {
      if (!unit->is_string() ||
          std::find(kUnits.begin(), kUnits.end(), std::string_view(unit->get_string())) == kUnits.end()) {
        fail("metric " + std::string(name->get_string()) + " has a unit CloudWatch does not know");
      }
    }
    const auto* target = root.if_contains(name->get_string());
    if (target == nullptr) {
      return fail("metric " + std::string(name->get_string()) + " has no top-level member");
    }
    check_metric_value(std::string(name->get_string()), *target);
  }

  void check_metric_value(const std::string& name, const json::value& value) {
    if (value.is_number()) {
      return;
    }
    if (value.is_array()) {
      const auto& values = value.get_array();
      if (values.size() > kMaxValuesPerMetric) {
        fail("metric " + name + " has more than 100 values");
      }
      if (!std::all_of(values.begin(), values.end(), [](const auto& v) { return v.is_number(); })) {
        fail("metric " + name + " has a non-numeric value");
      }
      return;
    }
    if (!value.is_object()) {
      return fail("metric " + name + " must be a number, an array or a distribution");
    }
    const auto& distribution = value.get_object();
    const auto* values = distribution.if_contains("Values");
    const auto* counts = distribution.if_contains("Counts");
    if (values == nullptr || counts == nullptr || !values->is_array() || !counts->is_array()) {
      return fail("distribution " + name + " needs Values and Counts arrays");
    }
    if (values->get_array().size() != counts->get_array().size()) {
      fail("distribution " + name + " has Values and Counts of different lengths");
    }
    if (values->get_array().size() > kMaxValuesPerMetric) {
      fail("distribution " + name + " has over 100 values");
    }
    for (const auto* array : {values, counts}) {
      for (const auto& v : array->get_array()) {
        if (!v.is_number() || v.to_number<double>() < 0) {
          fail("distribution " + name + " has a bad entry");
        }
      }
    }
    for (const char* statistic : {"Max", "Min", "Count", "Sum"}) {
      const auto* s = distribution.if_contains(statistic);
      if (s == nullptr || !s->is_number()) {
        fail("distribution " + name + " needs a numeric " + statistic);
      }
    }
  }
};

}  // namespace

std::vector<std::string> emf_violations(std::string_view line) {
  Checker checker;
  if (line.size() > kMaxEventBytes) {
    checker.fail("line is larger than a CloudWatch Logs event");
  }
  if (line.find('\n') != std::string_view::npos) {
    checker.fail("line contains a newline");
  }
  boost::system::error_code ec;
  const json::value document = json::parse(line, ec);
  if (ec) {
    checker.fail("not JSON: " + ec.message());
    return checker.problems;
  }
  if (!document.is_object()) {
    checker.fail("root must be a JSON object");
    return checker.problems;
  }
  checker.check_document(document.get_object());
  return checker.problems;
}

}  // namespace portfolio::observability::testing
