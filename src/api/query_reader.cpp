#include "api/query_reader.hpp"

#include <charconv>

namespace portfolio::api {

std::optional<std::int64_t> QueryReader::optional_integer(std::string_view name, std::int64_t min,
                                                          std::int64_t max) {
  const auto* raw = request_.query_param(name);
  if (raw == nullptr) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = raw->data() + raw->size();
  const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (ec != std::errc{} || ptr != end || value < min || value > max) {
    fail(std::string(name), "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::int64_t QueryReader::integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                                  std::int64_t max) {
  return optional_integer(name, min, max).value_or(fallback);
}

std::string QueryReader::choice(std::string_view name, std::string_view fallback,
                                std::initializer_list<std::string_view> allowed) {
  const auto* raw = request_.query_param(name);
  if (raw == nullptr) return std::string(fallback);
  for (const auto option : allowed) {
    if (*raw == option) return *raw;
  }
  std::string options;
  for (const auto option : allowed) options += (options.empty() ? "" : ", ") + std::string(option);
  fail(std::string(name), "must be one of " + options);
  return std::string(fallback);
}

std::optional<std::string> QueryReader::text(std::string_view name) {
  const auto* raw = request_.query_param(name);
  return raw == nullptr ? std::nullopt : std::optional<std::string>(*raw);
}

domain::Result<void> QueryReader::finish() const {
  if (errors_.empty()) return {};
  return domain::Error::invalid_fields(errors_);
}

}  // namespace portfolio::api
