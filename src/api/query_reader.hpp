#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_types.hpp"
#include "domain/error.hpp"

namespace portfolio::api {

// Reads typed query parameters and collects every problem, so one response can name them all.
class QueryReader {
 public:
  explicit QueryReader(const ApiRequest& request) : request_(request) {}

  std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(std::string_view name, std::int64_t min, std::int64_t max);
  std::string choice(std::string_view name, std::string_view fallback,
                     std::initializer_list<std::string_view> allowed);
  std::optional<std::string> text(std::string_view name);

  // Adds a problem found by the caller (for example from > to).
  void fail(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  // VALIDATION_ERROR naming every bad parameter, or success.
  domain::Result<void> finish() const;

 private:
  const ApiRequest& request_;
  std::vector<domain::FieldError> errors_;
};

}  // namespace portfolio::api
