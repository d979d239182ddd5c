#pragma once

#include "domain/reading.hpp"
#include "storage/store.hpp"

namespace portfolio::storage {

// Whether a device with this latest reading passes the filter's status, connectivity and battery
// conditions (the prefix is the caller's range).
inline bool device_passes(const DeviceFilter& filter, const domain::Reading& latest) {
  if (filter.status && latest.status != *filter.status) return false;
  if (filter.online && (latest.timestamp_ms >= filter.online_since_ms) != *filter.online) return false;
  if (filter.low_battery && !(latest.battery_level && *latest.battery_level < filter.low_battery_below)) {
    return false;
  }
  return true;
}

}  // namespace portfolio::storage
