#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace portfolio::app {

// The CPUs this process may use: the affinity mask, bounded by the cgroup CPU quota (cgroup v2
// cpu.max, or v1 cfs_quota_us/cfs_period_us), rounded up and at least 1. A process pinned to one core
// gets 1, and so does a 0.25-vCPU Fargate task.
unsigned usable_cpu_count();

// CPUs allowed by a cgroup v2 `cpu.max` line ("max 100000" or "25000 100000"); nullopt when unlimited
// or unreadable.
std::optional<unsigned> cpus_from_cpu_max(std::string_view cpu_max);

// Raises the soft file-descriptor limit to the hard limit; returns the soft limit in force afterwards.
std::size_t raise_descriptor_limit();

// Connections the service accepts by default under a descriptor limit: the limit minus a reserve for
// the store's files, logs and the descriptors that refusing excess connections needs.
std::size_t default_max_connections(std::size_t descriptor_limit);

// Over-capacity connections answered with a 503 at once: half of the descriptors that the connection
// cap leaves free, at least 1 and at most 64. The other half stays free for the store's and the image
// store's files: a flood of connections must not make the service fail for want of a descriptor.
std::size_t default_max_refusing(std::size_t descriptor_limit, std::size_t max_connections);

}  // namespace portfolio::app
