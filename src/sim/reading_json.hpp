#pragma once

#include <span>
#include <string>

#include "domain/reading.hpp"

namespace portfolio::sim {

// Request bodies in the shapes of docs/api.md: one reading for POST /api/v1/metrics, and
// {"readings": [...]} for POST /api/v1/metrics/batch.
std::string reading_body(const domain::Reading& reading);
std::string batch_body(std::span<const domain::Reading> readings);

}  // namespace portfolio::sim
