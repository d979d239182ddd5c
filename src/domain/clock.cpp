#include "domain/clock.hpp"

#include <chrono>

namespace portfolio::domain {

std::int64_t now_epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso8601(std::int64_t epoch_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  // Digit by digit rather than snprintf: this runs for every log line and response timestamp.
  std::string out = "0000-00-00T00:00:00.000Z";
  // Writes the last `width` digits of `value` so that they end at `end`.
  const auto put = [&out](std::size_t end, std::size_t width, long long value) {
    for (std::size_t i = 0; i < width; ++i, value /= 10) out[end - i] = static_cast<char>('0' + value % 10);
  };
  put(3, 4, static_cast<int>(ymd.year()));
  put(6, 2, static_cast<unsigned>(ymd.month()));
  put(9, 2, static_cast<unsigned>(ymd.day()));
  put(12, 2, hms.hours().count());
  put(15, 2, hms.minutes().count());
  put(18, 2, hms.seconds().count());
  put(22, 3, hms.subseconds().count());
  return out;
}

}  // namespace portfolio::domain
