#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "domain/page.hpp"
#include "domain/reading.hpp"
#include "domain/user.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {

// The column lists that the row functions below bind and read, in this order.
#define PORTFOLIO_SQLITE_READING_VALUE_COLUMNS \
  "timestamp_ms, temperature, humidity, status, battery_level, location"
#define PORTFOLIO_SQLITE_READING_COLUMNS "device_id, " PORTFOLIO_SQLITE_READING_VALUE_COLUMNS
#define PORTFOLIO_SQLITE_USER_COLUMNS "user_id, username, email, status, created_at, updated_at"

// Binds a reading's 7 columns to parameters first..first+6.
void bind_reading(Statement& statement, int first, const domain::Reading& reading);
// Reads a reading from columns first..first+6; internal_error if a stored status is unknown.
Result<domain::Reading> reading_at(const Statement& statement, int first);
// Reads a reading of `device_id` from its value columns first..first+5: queries of one device do not
// read the id back from every row.
Result<domain::Reading> device_reading_at(std::string_view device_id, const Statement& statement, int first);
// A device's latest reading, from the reading columns at `first`.
Result<domain::DeviceState> device_state_at(const Statement& statement, int first);
Result<domain::User> user_at(const Statement& statement, int first);
// A reading's status column; internal_error, naming the device, if it holds no known status.
Result<domain::DeviceStatus> device_status_at(const Statement& statement, int column,
                                              std::string_view device_id);

// Rows to fetch for a page of `page_size`: one more than the page, to learn whether another follows.
inline std::int64_t fetch_size(std::size_t page_size) {
  return static_cast<std::int64_t>(page_size) + 1;
}

// Reads a page of up to `limit` items from `sql`, whose parameters `bind` sets so that it fetches
// fetch_size(limit) rows. `read_item(const Statement&)` returns a Result of one item; the row after
// a full page only says that another page follows, which then resumes at `position_of(last item)`.
template <class Item, class Bind, class ReadItem, class PositionOf>
Result<domain::Page<Item>> read_page(Connection& connection, std::string_view sql, Bind&& bind,
                                     std::size_t limit, ReadItem&& read_item, PositionOf&& position_of) {
  domain::Page<Item> page;
  auto done = connection.query(sql, bind, [&](const Statement& row) -> Result<bool> {
    if (page.items.size() == limit) {
      page.next = position_of(page.items.back());
      return false;
    }
    auto item = read_item(row);
    if (!item) {
      return item.error();
    }
    page.items.push_back(std::move(*item));
    return true;
  });
  if (!done) {
    return done.error();
  }
  return page;
}

}  // namespace portfolio::storage::sqlite
