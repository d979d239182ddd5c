#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "domain/user_rules.hpp"
#include "storage/position_token.hpp"
#include "storage/sqlite/fleet_queries.hpp"
#include "storage/sqlite/group_commit.hpp"
#include "storage/sqlite/reader_pool.hpp"
#include "storage/sqlite/reading_writer.hpp"
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
  statement.bind_copy(4, domain::fold_case(user.username));
  statement.bind_copy(5, domain::fold_case(user.email));
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

class SqliteStore final : public Store, public storage::ReadingQueue {
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

  storage::ReadingQueue* reading_queue() override { return this; }

  void submit(std::span<const Reading> readings, Done done) override {
    group_commit_.submit_async(readings, std::move(done));
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
  "SELECT " PORTFOLIO_SQLITE_READING_VALUE_COLUMNS                                                      \
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
        limit, [&](const Statement& row) { return sqlite::device_reading_at(query.device_id, row, 0); },
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

  Result<domain::Page<domain::DeviceState>> list_devices(const DeviceQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    auto reader = readers_->acquire();
    return sqlite::list_devices(*reader, query, page_size(query.page.limit));
  }

  Result<domain::DeviceStats> device_stats(const StatsQuery& query) override {
    auto reader = readers_->acquire();
    return sqlite::device_stats(*reader, query);
  }

  Result<domain::Page<domain::DeviceSummary>> summarize(const SummaryQuery& query) override {
    if (query.page.limit == 0) {
      return invalid_limit();
    }
    auto reader = readers_->acquire();
    // One read transaction, so that the page sees one committed state of readings and rollups.
    if (auto begun = reader->run("BEGIN"); !begun) {
      return begun.error();
    }
    auto page = sqlite::summarize(*reader, query, page_size(query.page.limit));
    (void)reader->run("COMMIT");
    return page;
  }

  Result<std::vector<domain::SeriesBucket>> series(const SeriesQuery& query) override {
    auto reader = readers_->acquire();
    if (auto begun = reader->run("BEGIN"); !begun) {
      return begun.error();
    }
    auto buckets = sqlite::series(*reader, query);
    (void)reader->run("COMMIT");
    return buckets;
  }

  Result<std::size_t> sweep_readings(std::int64_t before_ms, std::size_t max_readings) override {
    // Device by device (each delete a range of the primary key), a few devices per transaction, so
    // that ingestion waits for the writer lock no longer than for a small batch.
    std::lock_guard lock(writer_mutex_);
    std::vector<std::string> devices;
    auto listed = writer_->query(
        "SELECT device_id FROM devices WHERE device_id > ?1 ORDER BY device_id LIMIT 64",
        [&](Statement& statement) { statement.bind(1, std::string_view(sweep_position_)); },
        [&](const Statement& row) -> Result<bool> {
          devices.push_back(row.text_at(0));
          return true;
        });
    if (!listed) {
      return listed.error();
    }
    sweep_position_ = devices.size() < 64 ? std::string() : devices.back();
    std::size_t deleted = 0;
    if (auto begun = writer_->run("BEGIN IMMEDIATE"); !begun) {
      return begun.error();
    }
    for (const auto& device_id : devices) {
      if (deleted >= max_readings) {
        sweep_position_ = device_id;
        break;
      }
      auto done = writer_->execute(
          "DELETE FROM readings WHERE device_id = ?1 AND timestamp_ms IN (SELECT timestamp_ms FROM readings"
          " WHERE device_id = ?1 AND timestamp_ms < ?2 ORDER BY timestamp_ms LIMIT ?3)",
          [&](Statement& statement) {
            statement.bind(1, std::string_view(device_id));
            statement.bind(2, before_ms);
            statement.bind(3, static_cast<std::int64_t>(max_readings - deleted));
          });
      if (!done) {
        (void)writer_->exec("ROLLBACK");
        return done.error();
      }
      deleted += static_cast<std::size_t>(writer_->changes());
    }
    if (auto committed = writer_->run("COMMIT"); !committed) {
      (void)writer_->exec("ROLLBACK");
      return committed.error();
    }
    return deleted;
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
    if (auto begun = writer_->run("BEGIN IMMEDIATE"); !begun) {
      return begun.error();
    }
    sqlite::ReadingWriter writer(*writer_);
    for (const auto& group : groups) {
      for (const auto& reading : group) {
        if (auto done = writer.write(reading); !done) return done.error();
      }
    }
    if (auto done = writer.finish(); !done) return done.error();
    return writer_->run("COMMIT");
  }

  std::mutex writer_mutex_;  // one writer connection, one write at a time
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<ReaderPool> readers_;
  GroupCommit group_commit_;
  std::string sweep_position_;  // the retention sweep's place in the devices, under writer_mutex_
};

// SQLite counts every allocation under one process-wide mutex unless told not to; the store never
// reads those counts, and a user read made about ten allocations, each taking and releasing it.
// Only possible before SQLite initialises, so once, before the first connection opens.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

domain::Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  configure_sqlite_once();
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
