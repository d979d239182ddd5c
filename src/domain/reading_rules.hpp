#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/reading.hpp"

namespace portfolio::domain {

class ReadingRules {
 public:
  static constexpr std::size_t kMaxDeviceId = 64;
  static constexpr std::size_t kMaxLocation = 64;
  static constexpr std::int64_t kEarliestMs = 946'684'800'000;  // 2000-01-01T00:00:00Z
  static constexpr std::int64_t kMaxFutureMs = std::int64_t{5} * 60 * 1000;
  static constexpr std::size_t kMaxBatch = 500;

  static std::vector<FieldError> check_device_id(std::string_view device_id);
  // Every rule of a reading, with `now_ms` as the server's clock for the future bound.
  static std::vector<FieldError> check(const Reading& reading, std::int64_t now_ms);
};

}  // namespace portfolio::domain
