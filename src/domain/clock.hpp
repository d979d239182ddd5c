#pragma once

#include <cstdint>
#include <string>

namespace portfolio::domain {

// Wall-clock time in epoch milliseconds. Tests pass explicit times instead of reading the clock.
std::int64_t now_epoch_ms();

// "2026-11-28T10:00:00.123Z" (ISO-8601, UTC, millisecond precision).
std::string format_iso8601(std::int64_t epoch_ms);

}  // namespace portfolio::domain
