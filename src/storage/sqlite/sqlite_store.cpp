#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "domain/user_rules.hpp"
#include "storage/sqlite/group_commit.hpp"
#include "storage/sqlite/position_token.hpp"
#include "storage/sqlite/reader_pool.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_rows.hpp"
#include "storage/sqlite/sqlite_schema.hpp"

namespace portfolio::storage {
namespace {

using domain::Error;
using domain::ErrorCode;
using domain::Reading;
using domain::User;
using sqlite::Connection;
using sqlite::GroupCommit;
using sqlite::ReaderPool;
using sqlite::StatementUse;

// Enough readers for the storage thread pool of a small container; each costs a file handle and
// a page cache.
constexpr std::size_t kReaders = 4;
// A page larger than any the API asks for is cut to this size (with a next token) rather than
// trusted to fit in memory.
constexpr std::size_t kMaxPage = 10'000;

Error bad_token() {
  return Error::field("cursor", "is not a valid position");
}
Error bad_limit() {
  return Error::field("limit", "must be positive");
}
Error user_not_found() {
  return {ErrorCode::user_not_found, "user not found", {}};
}
Error device_not_found() {
  return {ErrorCode::device_not_found, "device not found", {}};
}

std::size_t page_size(std::size_t requested) {
  return std::min(requested, kMaxPage);
}

// Rows to fetch for a page: one more than the page, to learn whether another page follows.
std::int64_t fetch_size(std::size_t page_size) {
  return static_cast<std::int64_t>(page_size) + 1;
}

// A unique-index violation on users becomes the duplicate the client can act on.
Error user_write_error(Error error) {
  if (error.message.find("users.username_key") != std::string::npos) {
    return {ErrorCode::duplicate_username, "username is already taken", {}};
  }
  if (error.message.find("users.email_key") != std::string::npos) {
    return {ErrorCode::duplicate_email, "email is already registered", {}};
  }
  return error;
}

void bind_user(sqlite::Statement& statement, const User& user) {
  statement.bind(2, std::string_view(user.username));
  statement.bind(3, std::string_view(user.email));
  statement.bind(4, domain::fold_case(user.username));
  statement.bind(5, domain::fold_case(user.email));
  statement.bind(6, domain::to_string(user.status));
  statement.bind(7, std::string_view(user.created_at));
  statement.bind(8, std::string_view(user.updated_at));
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
    auto statement = writer_->prepare(
        "INSERT INTO users (user_id, username, email, username_key, email_key, status, created_at, "
        "updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, std::string_view(user.user_id));
    bind_user(*use, user);
    if (auto done = use->step(); !done) {
      return user_write_error(std::move(done.error()));
    }
    return {};
  }

  Result<User> get_user(std::string_view user_id) override {
    auto reader = readers_->acquire();
    auto statement =
        reader->prepare("SELECT " PORTFOLIO_SQLITE_USER_COLUMNS " FROM users WHERE user_id = ?1");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, user_id);
    auto row = use->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return user_not_found();
    }
    return sqlite::user_at(*use, 0);
  }

  Result<void> update_user(const User& before, const User& after) override {
    std::lock_guard lock(writer_mutex_);
    {
      // Optimistic concurrency: the row changes only if it is still the version the caller read.
      auto statement = writer_->prepare(
          "UPDATE users SET username = ?2, email = ?3, username_key = ?4, email_key = ?5, status = ?6, "
          "created_at = ?7, updated_at = ?8 WHERE user_id = ?1 AND updated_at = ?9");
      if (!statement) {
        return statement.error();
      }
      StatementUse use(statement->get());
      use->bind(1, std::string_view(before.user_id));
      bind_user(*use, after);
      use->bind(9, std::string_view(before.updated_at));
      if (auto done = use->step(); !done) {
        return user_write_error(std::move(done.error()));
      }
      if (writer_->changes() == 1) {
        return {};
      }
    }
    auto statement = writer_->prepare("SELECT count(*) FROM users WHERE user_id = ?1");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, std::string_view(before.user_id));
    auto row = use->step();
    if (!row) {
      return row.error();
    }
    if (*row && use->int64_at(0) == 0) {
      return user_not_found();
    }
    return Error{ErrorCode::conflict, "the user was changed by another request", {}};
  }

  Result<void> delete_user(std::string_view user_id) override {
    std::lock_guard lock(writer_mutex_);
    auto statement = writer_->prepare("DELETE FROM users WHERE user_id = ?1");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, user_id);
    if (auto done = use->step(); !done) {
      return done.error();
    }
    if (writer_->changes() == 0) {
      return user_not_found();
    }
    return {};
  }

  Result<domain::Page<User>> list_users(const domain::PageRequest& page) override {
    if (page.limit == 0) {
      return bad_limit();
    }
    const auto limit = page_size(page.limit);
    sqlite::UserPosition start;  // before every user: created_at and user_id are never empty
    if (page.after) {
      auto position = sqlite::parse_user_position(*page.after);
      if (!position) {
        return bad_token();
      }
      start = std::move(*position);
    }
    auto reader = readers_->acquire();
    auto statement = reader->prepare("SELECT " PORTFOLIO_SQLITE_USER_COLUMNS
                                     " FROM users WHERE (created_at, user_id) > (?1, ?2)"
                                     " ORDER BY created_at, user_id LIMIT ?3");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, std::string_view(start.created_at));
    use->bind(2, std::string_view(start.user_id));
    use->bind(3, fetch_size(limit));
    domain::Page<User> result;
    while (true) {
      auto row = use->step();
      if (!row) {
        return row.error();
      }
      if (!*row) {
        break;
      }
      if (result.items.size() == limit) {
        result.next = sqlite::user_position(result.items.back());
        break;
      }
      auto user = sqlite::user_at(*use, 0);
      if (!user) {
        return user.error();
      }
      result.items.push_back(std::move(*user));
    }
    return result;
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
      return bad_limit();
    }
    const auto limit = page_size(query.page.limit);
    const bool ascending = query.order == SortOrder::ascending;
    std::int64_t from = query.from_ms;
    std::int64_t to = query.to_ms;
    if (query.page.after) {
      const auto position = sqlite::parse_history_position(*query.page.after);
      if (!position) {
        return bad_token();
      }
      // Resuming narrows the window to the far side of the last timestamp returned.
      if (ascending) {
        from = *position == INT64_MAX ? to + 1 : std::max(from, *position + 1);
      } else {
        to = *position == INT64_MIN ? from - 1 : std::min(to, *position - 1);
      }
    }
    auto reader = readers_->acquire();
    auto statement =
        ascending ? reader->prepare("SELECT " PORTFOLIO_SQLITE_READING_COLUMNS
                                    " FROM readings WHERE device_id = ?1 AND timestamp_ms BETWEEN ?2 AND ?3"
                                    " ORDER BY timestamp_ms ASC LIMIT ?4")
                  : reader->prepare("SELECT " PORTFOLIO_SQLITE_READING_COLUMNS
                                    " FROM readings WHERE device_id = ?1 AND timestamp_ms BETWEEN ?2 AND ?3"
                                    " ORDER BY timestamp_ms DESC LIMIT ?4");
    if (!statement) {
      return statement.error();
    }
    domain::Page<Reading> result;
    {
      StatementUse use(statement->get());
      use->bind(1, std::string_view(query.device_id));
      use->bind(2, from);
      use->bind(3, to);
      use->bind(4, fetch_size(limit));
      while (true) {
        auto row = use->step();
        if (!row) {
          return row.error();
        }
        if (!*row) {
          break;
        }
        if (result.items.size() == limit) {
          result.next = sqlite::history_position(result.items.back());
          break;
        }
        auto reading = sqlite::reading_at(*use, 0);
        if (!reading) {
          return reading.error();
        }
        result.items.push_back(std::move(*reading));
      }
    }
    if (result.items.empty()) {
      auto known = device_known(*reader, query.device_id);
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
      return bad_limit();
    }
    const auto limit = page_size(page.limit);
    std::string start;  // device ids are never empty, so "" is before every device
    if (page.after) {
      auto position = sqlite::parse_device_position(*page.after);
      if (!position) {
        return bad_token();
      }
      start = std::move(*position);
    }
    auto reader = readers_->acquire();
    auto statement = reader->prepare("SELECT " PORTFOLIO_SQLITE_READING_COLUMNS
                                     " FROM devices WHERE device_id > ?1 ORDER BY device_id LIMIT ?2");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, std::string_view(start));
    use->bind(2, fetch_size(limit));
    domain::Page<domain::DeviceState> result;
    while (true) {
      auto row = use->step();
      if (!row) {
        return row.error();
      }
      if (!*row) {
        break;
      }
      if (result.items.size() == limit) {
        result.next = sqlite::device_position(result.items.back().device_id);
        break;
      }
      auto reading = sqlite::reading_at(*use, 0);
      if (!reading) {
        return reading.error();
      }
      result.items.push_back({reading->device_id, std::move(*reading)});
    }
    return result;
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
    auto reader = readers_->acquire();
    auto statement = query.device_id ? reader->prepare(PORTFOLIO_SQLITE_SUMMARY(" WHERE d.device_id = ?3"))
                                     : reader->prepare(PORTFOLIO_SQLITE_SUMMARY(""));
#undef PORTFOLIO_SQLITE_SUMMARY
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, query.from_ms);
    use->bind(2, query.to_ms);
    if (query.device_id) {
      use->bind(3, std::string_view(*query.device_id));
    }
    std::vector<domain::DeviceSummary> summaries;
    while (true) {
      auto row = use->step();
      if (!row) {
        return row.error();
      }
      if (!*row) {
        break;
      }
      domain::DeviceSummary summary;
      summary.device_id = use->text_at(0);
      summary.count = use->int64_at(1);
      summary.temperature = {use->double_at(2), use->double_at(3), use->double_at(4)};
      summary.humidity = {use->double_at(5), use->double_at(6), use->double_at(7)};
      summary.latest_timestamp_ms = use->int64_at(8);
      const auto status = domain::parse_device_status(use->text_at(9));
      if (!status) {
        return Error::internal("stored reading of '" + summary.device_id + "' has an unknown status");
      }
      summary.latest_status = *status;
      summaries.push_back(std::move(summary));
    }
    return summaries;
  }

 private:
  static Result<bool> device_known(Connection& reader, std::string_view device_id) {
    auto statement = reader.prepare("SELECT count(*) FROM devices WHERE device_id = ?1");
    if (!statement) {
      return statement.error();
    }
    StatementUse use(statement->get());
    use->bind(1, device_id);
    auto row = use->step();
    if (!row) {
      return row.error();
    }
    return *row && use->int64_at(0) > 0;
  }

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
