// The validator is what the aggregator's tests trust, so it must itself reject broken documents.
#include "emf_validator.hpp"

#include <gtest/gtest.h>

namespace portfolio::observability::testing {
namespace {

// One line, as a log event is: a newline inside would split it into two events.
constexpr std::string_view kValid =
    R"({"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Portfolio/API",)"
    R"("Dimensions":[["Service"]],"Metrics":[{"Name":"Requests","Unit":"Count"},)"
    R"({"Name":"Latency","Unit":"Milliseconds"}]}]},"Service":"portfolio-api","Requests":3,)"
    R"("Latency":{"Values":[1.5,2.5],"Counts":[1,2],"Max":2.5,"Min":1.5,"Count":3,"Sum":6.5}})";

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string result(text);
  const auto at = result.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  result.replace(at, from.size(), to);
  return result;
}

TEST(EmfValidator, AcceptsAWellFormedDocument) {
  EXPECT_TRUE(emf_violations(kValid).empty());
}

TEST(EmfValidator, RejectsDocumentsThatBreakTheSpecification) {
  const std::vector<std::pair<std::string_view, std::string>> broken = {
      {"not JSON", "{\"_aws\":"},
      {"no metadata", replaced(kValid, "\"_aws\"", "\"aws\"")},
      {"timestamp as string", replaced(kValid, "1700000000000", "\"1700000000000\"")},
      {"empty directive list", R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}})"},
      {"namespace missing", replaced(kValid, "\"Namespace\":\"Portfolio/API\",", "")},
      {"dimension set not an array", replaced(kValid, "[[\"Service\"]]", "[\"Service\"]")},
      {"dimension without member", replaced(kValid, "\"Service\":\"portfolio-api\",", "")},
      {"metric without member", replaced(kValid, "\"Requests\":3,", "")},
      {"unknown unit", replaced(kValid, "\"Unit\":\"Count\"", "\"Unit\":\"Requests\"")},
      {"extra directive member", replaced(kValid, "\"Namespace\"", "\"Extra\":1,\"Namespace\"")},
      {"values and counts differ", replaced(kValid, "\"Counts\":[1,2]", "\"Counts\":[3]")},
      {"distribution without Sum", replaced(kValid, ",\"Sum\":6.5", "")},
      {"metric as string", replaced(kValid, "\"Requests\":3", "\"Requests\":\"3\"")},
      {"two lines", replaced(kValid, ",\"Requests\"", ",\n\"Requests\"")},
  };
  for (const auto& [why, line] : broken) {
    EXPECT_FALSE(emf_violations(line).empty()) << why;
  }
}

TEST(EmfValidator, RejectsMoreThanThirtyDimensionsOrAHundredValues) {
  std::string dims = "[";
  for (int i = 0; i < 31; ++i) {
    dims += std::string(i ? "," : "") + "\"Service\"";
  }
  dims += "]";
  EXPECT_FALSE(emf_violations(replaced(kValid, "[\"Service\"]", dims)).empty());

  std::string values = "[";
  for (int i = 0; i < 101; ++i) {
    values += std::string(i ? "," : "") + "1";
  }
  values += "]";
  EXPECT_FALSE(emf_violations(replaced(kValid, "\"Requests\":3", "\"Requests\":" + values)).empty());
}

}  // namespace
}  // namespace portfolio::observability::testing
