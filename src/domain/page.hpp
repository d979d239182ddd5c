#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace portfolio::domain {

// Where a page starts: a store-specific position token that the store produced for the previous
// page. The API layer seals it into the opaque, tamper-evident cursor that clients see, so a store
// only ever receives tokens it issued itself for the same query.
struct PageRequest {
  std::size_t limit = 100;
  std::optional<std::string> after;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next;  // position token of the next page; nullopt on the last page
};

}  // namespace portfolio::domain
