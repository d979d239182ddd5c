#include "storage/store_errors.hpp"

namespace portfolio::storage {

using domain::Error;
using domain::ErrorCode;

Error invalid_position() {
  return Error::field("cursor", "is not a valid position");
}

Error invalid_limit() {
  return Error::field("limit", "must be positive");
}

Error user_not_found() {
  return {ErrorCode::user_not_found, "user not found", {}};
}

Error device_not_found() {
  return {ErrorCode::device_not_found, "device not found", {}};
}

Error user_changed() {
  return {ErrorCode::conflict, "the user was changed by another request", {}};
}

Error username_taken() {
  return {ErrorCode::duplicate_username, "username is already taken", {}};
}

Error email_taken() {
  return {ErrorCode::duplicate_email, "email is already taken", {}};
}

}  // namespace portfolio::storage
