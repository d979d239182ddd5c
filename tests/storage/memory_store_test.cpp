#include "storage/memory/memory_store.hpp"

#include "store_behaviour.hpp"

namespace portfolio::storage {

INSTANTIATE_TEST_SUITE_P(Memory, StoreBehaviour,
                         testing::Values(StoreFactory{"memory", [] { return make_memory_store(); }}),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace portfolio::storage
