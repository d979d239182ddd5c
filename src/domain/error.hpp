#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portfolio::domain {

// What went wrong, in the vocabulary of the product rather than of HTTP or of a storage engine.
// The API layer maps each code to a status and to the documented error shape.
enum class ErrorCode {
  validation_error,     // a field or parameter breaks a rule
  user_not_found,       // no user with that id
  device_not_found,     // a device with no readings at all
  duplicate_username,   // the username is taken (case-insensitive)
  duplicate_email,      // the e-mail is taken (case-insensitive)
  conflict,             // a concurrent write changed the record first; the caller may retry
  storage_unavailable,  // the store cannot be reached or timed out
  internal_error,       // anything else; never shown to clients in detail
};

std::string_view to_string(ErrorCode code);

struct FieldError {
  std::string field;
  std::string message;

  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::internal_error;
  std::string message;
  std::vector<FieldError> details;

  static Error validation(std::string message, std::vector<FieldError> details = {}) {
    return {ErrorCode::validation_error, std::move(message), std::move(details)};
  }
  // A validation error whose message lists every field problem: "a: must ...; b: is required".
  static Error invalid_fields(std::vector<FieldError> details);
  static Error field(std::string field, std::string message) {
    return invalid_fields({{std::move(field), std::move(message)}});
  }
  static Error unavailable(std::string message) {
    return {ErrorCode::storage_unavailable, std::move(message), {}};
  }
  static Error internal(std::string message) { return {ErrorCode::internal_error, std::move(message), {}}; }
};

class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

// Lets boost::system::result<T, Error>::value() throw a meaningful exception; found by ADL.
[[noreturn]] inline void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw ErrorException(e);
}

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace portfolio::domain
