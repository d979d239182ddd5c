#pragma once

#include <cstddef>
#include <functional>

#include "domain/error.hpp"

namespace portfolio::storage::dynamodb {

// Runs task(0) .. task(count - 1) on at most `parallelism` threads (the caller's included, the
// others from one small pool shared by the process, so no thread is started per call) and
// returns the first error; after an error no new task starts. A batch of readings fans out into
// many independent DynamoDB calls (one per 25 readings, one per device), and running a few at a
// time turns their summed round trips into a fraction of it.
domain::Result<void> run_bounded_parallel(std::size_t count, std::size_t parallelism,
                                          const std::function<domain::Result<void>(std::size_t)>& task);

}  // namespace portfolio::storage::dynamodb
