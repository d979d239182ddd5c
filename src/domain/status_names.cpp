#include "domain/reading.hpp"
#include "domain/user.hpp"

namespace portfolio::domain {

std::string_view to_string(UserStatus status) {
  return status == UserStatus::active ? "active" : "inactive";
}

std::optional<UserStatus> parse_user_status(std::string_view text) {
  if (text == "active") return UserStatus::active;
  if (text == "inactive") return UserStatus::inactive;
  return std::nullopt;
}

std::string_view to_string(DeviceStatus status) {
  switch (status) {
    case DeviceStatus::active:
      return "active";
    case DeviceStatus::inactive:
      return "inactive";
    case DeviceStatus::error:
      return "error";
    case DeviceStatus::maintenance:
      return "maintenance";
  }
  return "active";
}

std::optional<DeviceStatus> parse_device_status(std::string_view text) {
  if (text == "active") return DeviceStatus::active;
  if (text == "inactive") return DeviceStatus::inactive;
  if (text == "error") return DeviceStatus::error;
  if (text == "maintenance") return DeviceStatus::maintenance;
  return std::nullopt;
}

}  // namespace portfolio::domain
