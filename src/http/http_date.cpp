#include "http/http_date.hpp"

#include <array>
#include <chrono>

namespace portfolio::http {
namespace {

constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void append_two(std::string& out, unsigned value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

std::string format_http_date(std::int64_t epoch_seconds) {
  using namespace std::chrono;
  const sys_seconds moment{seconds{epoch_seconds}};
  const auto day = floor<days>(moment);
  const year_month_day date{day};
  const hh_mm_ss time{moment - day};
  const weekday week_day{day};
  std::string out;
  out.reserve(29);
  out.append(kDays[week_day.c_encoding()]);
  out.append(", ");
  append_two(out, static_cast<unsigned>(date.day()));
  out.push_back(' ');
  out.append(kMonths[static_cast<unsigned>(date.month()) - 1]);
  out.push_back(' ');
  const auto year = static_cast<unsigned>(static_cast<int>(date.year()));
  append_two(out, year / 100);
  append_two(out, year % 100);
  out.push_back(' ');
  append_two(out, static_cast<unsigned>(time.hours().count()));
  out.push_back(':');
  append_two(out, static_cast<unsigned>(time.minutes().count()));
  out.push_back(':');
  append_two(out, static_cast<unsigned>(time.seconds().count()));
  out.append(" GMT");
  return out;
}

std::string_view current_http_date() {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  if (now != cached_second) {
    cached = format_http_date(now);
    cached_second = now;
  }
  return cached;
}

}  // namespace portfolio::http
