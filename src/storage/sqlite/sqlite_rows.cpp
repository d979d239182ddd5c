#include "storage/sqlite/sqlite_rows.hpp"

namespace portfolio::storage::sqlite {
namespace {

// A status that no longer parses means the file was changed behind the store's back.
template <class Status>
Result<Status> known_status(const std::optional<Status>& status, std::string_view kind, std::string_view id) {
  if (!status) {
    return Error::internal("stored " + std::string(kind) + " '" + std::string(id) +
                           "' has an unknown status");
  }
  return *status;
}

}  // namespace

void bind_reading(Statement& statement, int first, const domain::Reading& reading) {
  statement.bind(first, std::string_view(reading.device_id));
  statement.bind(first + 1, reading.timestamp_ms);
  statement.bind(first + 2, reading.temperature);
  statement.bind(first + 3, reading.humidity);
  statement.bind(first + 4, domain::to_string(reading.status));
  statement.bind(first + 5, reading.battery_level);
  statement.bind(first + 6, reading.location);
}

Result<domain::DeviceStatus> device_status_at(const Statement& statement, int column,
                                              std::string_view device_id) {
  return known_status(domain::parse_device_status(statement.text_view_at(column)), "reading of", device_id);
}

Result<domain::Reading> reading_at(const Statement& statement, int first) {
  return device_reading_at(statement.text_view_at(first), statement, first + 1);
}

Result<domain::Reading> device_reading_at(std::string_view device_id, const Statement& statement, int first) {
  domain::Reading reading;
  reading.device_id = device_id;
  reading.timestamp_ms = statement.int64_at(first);
  reading.temperature = statement.double_at(first + 1);
  reading.humidity = statement.double_at(first + 2);
  auto status = device_status_at(statement, first + 3, reading.device_id);
  if (!status) {
    return status.error();
  }
  reading.status = *status;
  reading.battery_level = statement.optional_double_at(first + 4);
  reading.location = statement.optional_text_at(first + 5);
  return reading;
}

Result<domain::DeviceState> device_state_at(const Statement& statement, int first) {
  auto reading = reading_at(statement, first);
  if (!reading) {
    return reading.error();
  }
  return domain::DeviceState{reading->device_id, std::move(*reading)};
}

Result<domain::User> user_at(const Statement& statement, int first) {
  domain::User user;
  user.user_id = statement.text_at(first);
  user.username = statement.text_at(first + 1);
  user.email = statement.text_at(first + 2);
  auto status =
      known_status(domain::parse_user_status(statement.text_view_at(first + 3)), "user", user.user_id);
  if (!status) {
    return status.error();
  }
  user.status = *status;
  user.created_at = statement.text_at(first + 4);
  user.updated_at = statement.text_at(first + 5);
  return user;
}

}  // namespace portfolio::storage::sqlite
