#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace portfolio::sim {

// Reads a duration such as `5m`, `2s`, `250ms`, `1h` or `1h30m`; a bare number means seconds.
// Empty when the text is not a positive duration of at most 366 days.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest text parse_duration() reads back as the same duration (`5m`, `1h30m`, `250ms`).
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace portfolio::sim
