#pragma once

#include <cstdint>

namespace portfolio::api {

// How the fleet endpoints judge a device (DEVICE_OFFLINE_AFTER_SECONDS, LOW_BATTERY_PERCENT).
struct FleetSettings {
  std::int64_t offline_after_seconds = 900;  // offline when the newest reading is older than this
  double low_battery_percent = 20;           // low battery when battery_level is below this
};

}  // namespace portfolio::api
