#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string_view>

#include "api/cursor_codec.hpp"
#include "api/json_codec.hpp"
#include "api/responses.hpp"
#include "domain/page.hpp"

namespace portfolio::api {

// {"items": [...], "count": n, "next_cursor": "..." | null}: the shape of every paged list, with the
// store's next position sealed into a cursor bound to `scope`.
template <class T>
boost::json::object page_json(const domain::Page<T>& page, const CursorCodec& cursors,
                              std::string_view scope) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(to_json(item));
  const auto count = items.size();
  return {{"items", std::move(items)},
          {"count", count},
          {"next_cursor", string_or_null(cursors.next(scope, page.next))}};
}

}  // namespace portfolio::api
