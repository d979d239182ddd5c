// Reads log lines on stdin and checks every Embedded Metric Format document among them (lines that are
// JSON objects with an `_aws` member) against the specification's required structure. Prints each
// violation and exits 1 when there is any, or when no EMF document was found at all.
#include <boost/json.hpp>
#include <iostream>
#include <string>

#include "emf_validator.hpp"

int main() {
  std::string line;
  int documents = 0;
  int invalid = 0;
  for (int number = 1; std::getline(std::cin, line); ++number) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object() || !value.get_object().contains("_aws")) {
      continue;  // an ordinary log line
    }
    ++documents;
    const auto problems = portfolio::observability::testing::emf_violations(line);
    for (const auto& problem : problems) {
      std::cout << "line " << number << ": " << problem << '\n';
    }
    invalid += problems.empty() ? 0 : 1;
  }
  std::cout << documents << " EMF documents, " << invalid << " invalid\n";
  return documents > 0 && invalid == 0 ? 0 : 1;
}
