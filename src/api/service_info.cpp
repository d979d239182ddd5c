#include "api/service_info.hpp"

#include <unistd.h>

#include <fstream>

namespace portfolio::api {

double ServiceInfo::uptime_seconds() const {
  // To the millisecond: nobody reads an uptime's nanoseconds, and three fraction digits are written
  // without std::to_chars.
  const auto up =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return static_cast<double>(up.count()) / 1000.0;
}

std::uint64_t resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace portfolio::api
