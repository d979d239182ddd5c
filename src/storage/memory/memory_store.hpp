#pragma once

#include <memory>

#include "storage/store.hpp"

namespace portfolio::storage {

// A store that keeps everything in process memory and forgets it on exit: for tests of the layers
// above storage and for benchmarks that should not measure a disk. Thread-safe, and it keeps every
// point of the Store contract, including case-insensitive uniqueness and stale-update conflicts.
std::unique_ptr<Store> make_memory_store();

}  // namespace portfolio::storage
