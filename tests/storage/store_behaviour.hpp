#pragma once

// The behavioural suite that every storage back end must pass: one set of tests, run once per back
// end. A back end joins with one line in its own test file, for example
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreBehaviour,
//                            testing::Values(StoreFactory{"sqlite", [] { return make_fresh_store(); }}));
//
// The factory is called once per test and must return a fresh, empty store (unique table names or a
// new temporary file). It may throw to report that the store could not be made.
//
// Position tokens that every store must reject with validation_error are listed in
// foreign_position_tokens(): they are not tokens any store issues.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace portfolio::storage {

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<Store>()> make;
};

// gtest prints parameters in failure messages; the name says which back end failed.
inline void PrintTo(const StoreFactory& factory, std::ostream* out) {
  *out << factory.name;
}

std::vector<std::string> foreign_position_tokens();

class StoreBehaviour : public testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Store& store() { return *store_; }

 private:
  std::unique_ptr<Store> store_;
};

// The tests live in store_behaviour.cpp, which nothing else references; this reference to a symbol
// defined there makes the linker keep that object file (and so the tests) in every binary that
// includes this header, without whole-archive linking.
int link_store_behaviour_tests();
inline const int kStoreBehaviourLinked = link_store_behaviour_tests();

}  // namespace portfolio::storage

// So that a back end's test file can instantiate the suite at namespace scope or inside ours.
using portfolio::storage::StoreBehaviour;
using portfolio::storage::StoreFactory;
