#include "sim/duration_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace portfolio::sim {
namespace {

constexpr std::int64_t kMaxMs = std::int64_t{366} * 24 * 3600 * 1000;

// Longest suffix first, so that `ms` is not read as minutes followed by junk.
constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> kUnits = {{
    {"ms", 1},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"d", 86'400'000},
}};

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::int64_t total = 0;
  while (!text.empty()) {
    std::int64_t amount = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
    if (ec != std::errc{} || amount < 0 || amount > kMaxMs) {
      return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    std::int64_t unit_ms = 1'000;  // a bare number is seconds
    if (!text.empty()) {
      bool matched = false;
      for (const auto& [suffix, ms] : kUnits) {
        if (text.starts_with(suffix)) {
          unit_ms = ms;
          text.remove_prefix(suffix.size());
          matched = true;
          break;
        }
      }
      if (!matched) {
        return std::nullopt;
      }
    }
    if (amount > (kMaxMs - total) / unit_ms) {
      return std::nullopt;
    }
    total += amount * unit_ms;
  }
  if (total <= 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  std::int64_t rest = duration.count();
  if (rest <= 0) {
    return "0s";
  }
  std::string text;
  for (const auto& [suffix, ms] : {std::pair{"d", 86'400'000LL}, std::pair{"h", 3'600'000LL},
                                   std::pair{"m", 60'000LL}, std::pair{"s", 1'000LL}, std::pair{"ms", 1LL}}) {
    if (rest >= ms) {
      text += std::to_string(rest / ms) + suffix;
      rest %= ms;
    }
  }
  return text;
}

}  // namespace portfolio::sim
