#include "domain/error.hpp"

namespace portfolio::domain {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::validation_error:
      return "VALIDATION_ERROR";
    case ErrorCode::user_not_found:
      return "USER_NOT_FOUND";
    case ErrorCode::device_not_found:
      return "DEVICE_NOT_FOUND";
    case ErrorCode::duplicate_username:
      return "DUPLICATE_USERNAME";
    case ErrorCode::duplicate_email:
      return "DUPLICATE_EMAIL";
    case ErrorCode::conflict:
      return "CONFLICT";
    case ErrorCode::storage_unavailable:
      return "STORAGE_UNAVAILABLE";
    case ErrorCode::internal_error:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

Error Error::invalid_fields(std::vector<FieldError> details) {
  std::string message;
  for (const auto& e : details) {
    if (!message.empty()) message += "; ";
    message += e.field;
    message += ": ";
    message += e.message;
  }
  return validation(std::move(message), std::move(details));
}

}  // namespace portfolio::domain
