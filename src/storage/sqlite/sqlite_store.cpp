#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "domain/user_rules.hpp"
#include "storage/position_token.hpp"
#include "storage/sqlite/group_commit.hpp"
#include "storage/sqlite/reader_pool.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_rows.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/store_errors.hpp"

namespace portfolio::storage {
namespace {

using domain::Error;
using domain::Reading;
using domain::User;
using sqlite::Connection;
using sqlite::GroupCommit;
using sqlite::ReaderPool;
using sqlite::Statement;
using sqlite::StatementUse;

// Enough readers for the storage thread pool of a small container; each costs a file handle and
// a page cache.
constexpr std::size_t kReaders = 4;
// A page larger than any the API asks for is cut to this size (with a next token) rather than
// trusted to fit in memory.
constexpr std::size_t kMaxPage = 10'000;

std::size_t page_size(std::size_t requested) {
  return std::min(requested, kMaxPage);
}

// A unique-index violation on users becomes the duplicate the client can act on.
Error user_write_error(Error error) {
  if (error.message.find("users.username_key") != std::string::npos) {
    return username_taken();
  }
  if (error.message.find("users.email_key") != std::string::npos) {
    return email_taken();
  }
  return error;
}

// Binds ?1 user_id and ?2..?8 the user's columns, as the user statements below expect.
void bind_user(Statement& statement, std::string_view user_id, const User& user) {
  statement.bind(1, user_id);
  statement.bind(2, std::string_view(user.username));
  statement.bind(3, std::string_view(user.email));
  statement.bind(4, domain::fold_case(user.username));
  statement.bind(5, domain::fold_case(user.email));
  statement.bind(6, domain::to_string(user.status));
  statement.bind(7, std::string_view(user.created_at));
  statement.bind(8, std::string_view(user.updated_at));
}

// Whether `sql`, a "SELECT count(*) ... WHERE <key> = ?1", counts any row for `key`.
Result<bool> any_row(Connection& connection, std::string_view sql, std::string_view key) {
  bool found = false;
  auto done = connection.query(
      sql, [&](Statement& statement) { statement.bind(1, key); },
      [&](const Statement& row) -> Result<bool> {
        found = row.int64_at(0) > 0;
        return false;
      });
  if (!done) {
    return done.error();
  }
  return found;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> writer, std::unique_ptr<ReaderPool> readers)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        group_commit_(
            [this](std::span<const GroupCommit::Writes> groups) { return write_readings(groups); }) {}

  std::string_view backend() const override { return "sqlite"; }

  SqliteWriteStats write_stats() const { return {group_commit_.submissions(), group_commit_.transactions()}; }

  Result<void> ping() override {
    auto reader = readers_->acquire();
    auto one = reader->query_int("SELECT 1");
    if (!one) {
      return one.error();
    }
    return {};
  }

  Result<void> create_user(const User& user) override {
    std::lock_guard lock(writer_mutex_);
    auto done = writer_->execute(
        "INSERT INTO users (user_id, username, email, username_key, email_key, status, created_at, "
        "updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        [&](Statement& statement) { bind_user(statement, user.user_id, user); });
    if (!done) {
      return user_write_error(std::move(done.error()));
    }
    return {};
  }

  Result<User> get_user(std::string_view user_id) override {
    auto reader = readers_->acquire();
    std::optional<Result<User>> found;
    auto done = reader->query(
        "SELECT " PORTFOLIO_SQLITE_USER_COLUMNS " FROM users WHERE user_id = ?1",
        [&](Statement& statement) { statement.bind(1, user_id); },
        [&](const Statement& row) -> Result<bool> {
          found = sqlite::user_at(row, 0);
          return false;
        });
    if (!done) {
      return done.error();
    }
    if (!found) {
      return user_not_found();
    }
    return std::move(*found);
  }

  Result<void> update_user(const User& before, const User& after) override {
    std::lock_guard lock(writer_mutex_);
    // Optimistic concurrency: the row changes only if it is still the version the caller read.
    auto done = writer_->execute(
        "UPDATE users SET username = ?2, email = ?3, username_key = ?4, email_key = ?5, status = ?6, "
        "created_at = ?7, updated_at = ?8 WHERE user_id = ?1 AND updated_at = ?9",
        [&](Statement& statement) {
          bind_user(statement, before.user_id, after);
          statement.bind(9, std::string_view(before.updated_at));
        });
    if (!done) {
      return user_write_error(std::move(done.error()));
    }
    if (writer_->changes() == 1) {
      return {};
    }
    auto exists = any_row(*writer_, "SELECT count(*) FROM users WHERE user_id = ?1", before.user_id);
    if (!exists) {
      return exists.error();
    }
    return *exists ? user_changed() : user_not_found();
  }

  Result<void> delete_user(std::string_view user_id) override {
    std::lock_guard lock(writer_mutex_);
    auto done = writer_->execute("DELETE FROM users WHERE user_id = ?1",
                                 [&](Statement& statement) { statement.bind(1, user_id); });
    if (!done) {
      return done.error();
    }
    if (writer_->changes() == 0) {
      return user_not_found();
    }
    return {};
  }

  Result<domain::Page<User>> list_users(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return invalid_limit();
    }
    const auto limit = page_size(page.limit);
    UserPosition start;  // before every user: created_at and user_id are never empty
    if (page.after) {
      auto position = parse_user_position(*page.after);
      if (!position) {
        return invalid_position();
      }
      start = std::move(*position);
    }
    auto reader = readers_->acquire();
    return sqlite::read_page<User>(
        *reader,
        "SELECT " PORTFOLIO_SQLITE_USER_COLUMNS
        " FROM users WHERE (created_at, user_id) > (?1, ?2) ORDER BY created_at, user_id LIMIT ?3",
        [&](Statement& statement) {
          statement.bind(1, std::string_view(start.created_at));
          statement.bind(2, std::string_view(start.user_id));
          statement.bind(3, sqlite::fetch_size(limit));
        },
        limit, [](const Statement& row) { return sqlite::user_at(row, 0); },
        [](const User& user) { return user_position(user); });
  }

  Result<void> put_reading(const Reading& reading) override {
    return group_commit_.submit(std::span(&reading, 1));
  }

  Result<void> put_readings(std::span<const Reading> readings) override {
    if (readings.empty()) {
      return {};
    }
    return group_commit_.submit(readings);
  }

  Result<domain::Page<Reading>> device_history(const HistoryQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    const auto limit = page_size(query.page.limit);
    const auto window = remaining_window(query);
    if (!window) {
      return window.error();
    }
#define PORTFOLIO_SQLITE_HISTORY(order)                                                                 \
  "SELECT " PORTFOLIO_SQLITE_READING_COLUMNS                                                            \
  " FROM readings WHERE device_id = ?1 AND timestamp_ms BETWEEN ?2 AND ?3 ORDER BY timestamp_ms " order \
  " LIMIT ?4"
    const std::string_view sql = query.order == SortOrder::ascending ? PORTFOLIO_SQLITE_HISTORY("ASC")
                                                                     : PORTFOLIO_SQLITE_HISTORY("DESC");
#undef PORTFOLIO_SQLITE_HISTORY
    auto reader = readers_->acquire();
    auto result = sqlite::read_page<Reading>(
        *reader, sql,
        [&](Statement& statement) {
          statement.bind(1, std::string_view(query.device_id));
          statement.bind(2, window->from_ms);
          statement.bind(3, window->to_ms);
          statement.bind(4, sqlite::fetch_size(limit));
        },
        limit, [](const Statement& row) { return sqlite::reading_at(row, 0); },
        [](const Reading& reading) { return history_position(reading); });
    if (result && result->items.empty()) {
      auto known = any_row(*reader, "SELECT count(*) FROM devices WHERE device_id = ?1", query.device_id);
      if (!known) {
        return known.error();
      }
      if (!*known) {
        return device_not_found();
      }
    }
    return result;
  }

  Result<domain::Page<domain::DeviceState>> list_devices(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return invalid_limit();
    }
    const auto limit = page_size(page.limit);
    std::string start;  // device ids are never empty, so "" is before every device
    if (page.after) {
      auto position = parse_device_position(*page.after);
      if (!position) {
        return invalid_position();
      }
      start = std::move(*position);
    }
    auto reader = readers_->acquire();
    return sqlite::read_page<domain::DeviceState>(
        *reader,
        "SELECT " PORTFOLIO_SQLITE_READING_COLUMNS
        " FROM devices WHERE device_id > ?1 ORDER BY device_id LIMIT ?2",
        [&](Statement& statement) {
          statement.bind(1, std::string_view(start));
          statement.bind(2, sqlite::fetch_size(limit));
        },
        limit, [](const Statement& row) { return sqlite::device_state_at(row, 0); },
        [](const domain::DeviceState& device) { return device_position(device.device_id); });
  }

  Result<std::vector<domain::DeviceSummary>> summarize(const SummaryQuery& query) override {
    // One pass per device over its readings in the window, by primary key: the devices table drives
    // the join (CROSS JOIN fixes that order), so the cost follows the readings in the window. The
    // status comes from the newest reading found, looked up by its key.
#define PORTFOLIO_SQLITE_SUMMARY(device_filter)                                                         \
  "WITH in_window AS ("                                                                                 \
  " SELECT d.device_id AS device_id, count(*) AS n,"                                                    \
  " min(r.temperature) AS t_min, max(r.temperature) AS t_max, avg(r.temperature) AS t_avg,"             \
  " min(r.humidity) AS h_min, max(r.humidity) AS h_max, avg(r.humidity) AS h_avg,"                      \
  " max(r.timestamp_ms) AS last_ts"                                                                     \
  " FROM devices AS d CROSS JOIN readings AS r"                                                         \
  " ON r.device_id = d.device_id AND r.timestamp_ms BETWEEN ?1 AND ?2" device_filter                    \
  " GROUP BY d.device_id)"                                                                              \
  " SELECT w.device_id, w.n, w.t_min, w.t_max, w.t_avg, w.h_min, w.h_max, w.h_avg, w.last_ts, r.status" \
  " FROM in_window AS w JOIN readings AS r ON r.device_id = w.device_id AND r.timestamp_ms = w.last_ts" \
  " ORDER BY w.device_id"
    const std::string_view sql =
        query.device_id ? PORTFOLIO_SQLITE_SUMMARY(" WHERE d.device_id = ?3") : PORTFOLIO_SQLITE_SUMMARY("");
#undef PORTFOLIO_SQLITE_SUMMARY
    auto reader = readers_->acquire();
    std::vector<domain::DeviceSummary> summaries;
    auto done = reader->query(
        sql,
        [&](Statement& statement) {
          statement.bind(1, query.from_ms);
          statement.bind(2, query.to_ms);
          if (query.device_id) {
            statement.bind(3, std::string_view(*query.device_id));
          }
        },
        [&](const Statement& row) -> Result<bool> {
          domain::DeviceSummary summary;
          summary.device_id = row.text_at(0);
          summary.count = row.int64_at(1);
          summary.temperature = {row.double_at(2), row.double_at(3), row.double_at(4)};
          summary.humidity = {row.double_at(5), row.double_at(6), row.double_at(7)};
          summary.latest_timestamp_ms = row.int64_at(8);
          auto status = sqlite::device_status_at(row, 9, summary.device_id);
          if (!status) {
            return status.error();
          }
          summary.latest_status = *status;
          summaries.push_back(std::move(summary));
          return true;
        });
    if (!done) {
      return done.error();
    }
    return summaries;
  }

 private:
  // Called by the group commit's leader: every queued write in one transaction.
  Result<void> write_readings(std::span<const GroupCommit::Writes> groups) {
    std::lock_guard lock(writer_mutex_);
    auto result = write_readings_in_transaction(groups);
    if (!result && writer_->in_transaction()) {
      (void)writer_->exec("ROLLBACK");
    }
    return result;
  }

  Result<void> write_readings_in_transaction(std::span<const GroupCommit::Writes> groups) {
    auto reading_insert =
        writer_->prepare("INSERT OR REPLACE INTO readings (" PORTFOLIO_SQLITE_READING_COLUMNS
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!reading_insert) {
      return reading_insert.error();
    }
    // The device row follows the newest reading; an older reading arriving late leaves it alone,
    // and a replacement of the newest one (same timestamp) updates it.
    auto device_upsert = writer_->prepare(
        "INSERT INTO devices (" PORTFOLIO_SQLITE_READING_COLUMNS
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (device_id) DO UPDATE SET"
        " timestamp_ms = excluded.timestamp_ms, temperature = excluded.temperature, humidity = "
        "excluded.humidity,"
        " status = excluded.status, battery_level = excluded.battery_level, location = excluded.location"
        " WHERE excluded.timestamp_ms >= devices.timestamp_ms");
    if (!device_upsert) {
      return device_upsert.error();
    }
    if (auto begun = writer_->exec("BEGIN IMMEDIATE"); !begun) {
      return begun.error();
    }
    for (const auto& group : groups) {
      for (const auto& reading : group) {
        for (auto* statement : {&reading_insert->get(), &device_upsert->get()}) {
          StatementUse use(*statement);
          sqlite::bind_reading(*use, 1, reading);
          if (auto done = use->step(); !done) {
            return done.error();
          }
        }
      }
    }
    return writer_->exec("COMMIT");
  }

  std::mutex writer_mutex_;  // one writer connection, one write at a time
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<ReaderPool> readers_;
  GroupCommit group_commit_;
};

}  // namespace

domain::Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  const std::string& path = options.path;
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return Error::unavailable("SQLite path '" + path +
                              "' is not a file path (use STORAGE=memory for a store in memory)");
  }
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return Error::unavailable("cannot create directory '" + parent.string() + "' for SQLite database '" +
                                path + "': " + error.message());
    }
  }
  auto writer = Connection::open(path, options.busy_timeout);
  if (!writer) {
    return writer.error();
  }
  if (auto migrated = sqlite::migrate(**writer); !migrated) {
    return Error{migrated.error().code, "SQLite database '" + path + "': " + migrated.error().message, {}};
  }
  auto readers = ReaderPool::open(path, kReaders, options.busy_timeout);
  if (!readers) {
    return readers.error();
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(*writer), std::move(*readers)));
}

std::optional<SqliteWriteStats> sqlite_write_stats(const Store& store) {
  const auto* sqlite = dynamic_cast<const SqliteStore*>(&store);
  if (sqlite == nullptr) {
    return std::nullopt;
  }
  return sqlite->write_stats();
}

}  // namespace portfolio::storage
