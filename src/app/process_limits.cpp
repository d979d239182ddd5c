#include "app/process_limits.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

namespace portfolio::app {
namespace {

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::string read_trimmed(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  return line;
}

std::optional<unsigned> cpus_from_quota(long long quota, long long period) {
  if (quota <= 0 || period <= 0) return std::nullopt;
  return static_cast<unsigned>(std::max(1LL, (quota + period - 1) / period));
}

std::optional<unsigned> cgroup_cpu_limit() {
  if (auto v2 = cpus_from_cpu_max(read_trimmed("/sys/fs/cgroup/cpu.max"))) return v2;
  const auto quota = parse_integer(read_trimmed("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
  const auto period = parse_integer(read_trimmed("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
  if (quota && period) return cpus_from_quota(*quota, *period);
  return std::nullopt;
}

}  // namespace

std::optional<unsigned> cpus_from_cpu_max(std::string_view cpu_max) {
  const auto space = cpu_max.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto quota = parse_integer(cpu_max.substr(0, space));  // "max" does not parse: unlimited
  const auto period = parse_integer(cpu_max.substr(space + 1));
  if (!quota || !period) return std::nullopt;
  return cpus_from_quota(*quota, *period);
}

unsigned usable_cpu_count() {
  unsigned cpus = 1;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) cpus = std::max(1, CPU_COUNT(&set));
  if (const auto limit = cgroup_cpu_limit()) cpus = std::min(cpus, *limit);
  return std::max(1U, cpus);
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return std::size_t{1} << 20U;
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t default_max_connections(std::size_t descriptor_limit) {
  const std::size_t reserve = std::max<std::size_t>(64, descriptor_limit / 8);
  return descriptor_limit > reserve + 16 ? descriptor_limit - reserve : 16;
}

std::size_t default_max_refusing(std::size_t descriptor_limit, std::size_t max_connections) {
  constexpr std::size_t kMostRefusing = 64;
  const std::size_t spare = descriptor_limit > max_connections ? descriptor_limit - max_connections : 0;
  return std::clamp<std::size_t>(spare / 2, 1, kMostRefusing);
}

}  // namespace portfolio::app
