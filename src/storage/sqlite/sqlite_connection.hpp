#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "domain/error.hpp"

namespace portfolio::storage::sqlite {

using domain::Error;
using domain::Result;

// The domain error for a failed SQLite call: busy, locked, I/O and open failures mean the store
// cannot be reached (storage_unavailable); anything else is internal_error.
Error error_from(sqlite3* db, int rc, std::string_view what);

// One prepared statement, reset and unbound after each use by StatementUse.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQL.
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  // Text is bound without a copy (SQLITE_STATIC): it must outlive the use of the statement, which
  // unbinds it when it is reset. A temporary string cannot be bound.
  void bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, std::string&& value) = delete;
  // Text made only to be bound (a folded key) is copied.
  void bind_copy(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, const std::optional<double>& value) { value ? bind(index, *value) : bind_null(index); }
  void bind(int index, const std::optional<std::string>& value) {
    value ? bind(index, std::string_view(*value)) : bind_null(index);
  }
  void bind(int index, std::optional<std::string>&& value) = delete;
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }

  // True when a row is ready, false when the statement is done.
  Result<bool> step();

  std::int64_t int64_at(int column) const { return sqlite3_column_int64(stmt_, column); }
  double double_at(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string text_at(int column) const;
  // The column's text, valid until the statement steps again or is reset.
  std::string_view text_view_at(int column) const;
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<double> optional_double_at(int column) const {
    return is_null(column) ? std::nullopt : std::optional<double>(double_at(column));
  }
  std::optional<std::string> optional_text_at(int column) const {
    return is_null(column) ? std::nullopt : std::optional<std::string>(text_at(column));
  }

  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Borrows a cached statement and leaves it reset, whatever path the caller leaves by.
class StatementUse {
 public:
  explicit StatementUse(Statement& statement) : statement_(&statement) {}
  ~StatementUse() { statement_->reset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

// One SQLite connection with its own cache of prepared statements. Not thread-safe: a connection is
// used by one thread at a time (the writer lock or a reader lease guarantees it).
class Connection {
 public:
  // Opens (creating if needed) the database at `path` with the pragmas every connection needs.
  static Result<std::unique_ptr<Connection>> open(const std::string& path,
                                                  std::chrono::milliseconds busy_timeout);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without results (pragmas, schema, BEGIN/COMMIT).
  Result<void> exec(const char* sql);
  // A prepared statement for `sql`, prepared on first use and kept for the connection's lifetime.
  // `sql` must be a string literal or otherwise outlive the connection.
  Result<std::reference_wrapper<Statement>> prepare(std::string_view sql);

  // Runs the cached statement for `sql`: `bind(Statement&)` sets its parameters, then
  // `on_row(const Statement&)` sees each result row and returns Result<bool>: true for the next
  // row, false to stop early, an error to stop and return it.
  template <class Bind, class OnRow>
  Result<void> query(std::string_view sql, Bind&& bind, OnRow&& on_row);
  // Runs a statement that returns no rows (INSERT, UPDATE, DELETE).
  template <class Bind>
  Result<void> execute(std::string_view sql, Bind&& bind) {
    return query(sql, bind, [](const Statement&) -> Result<bool> { return false; });
  }

  // Runs one statement without parameters or rows (BEGIN, COMMIT) from the statement cache, so that
  // a transaction parses no SQL; `sql` must outlive the connection, like prepare()'s.
  Result<void> run(std::string_view sql) {
    return execute(sql, [](Statement&) {});
  }

  // Reads the first column of a one-row result, for pragmas and counts.
  Result<std::int64_t> query_int(const char* sql) { return query_first_column(sql, &Statement::int64_at); }
  Result<std::string> query_text(const char* sql) { return query_first_column(sql, &Statement::text_at); }

  int changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  template <class T>
  Result<T> query_first_column(const char* sql, T (Statement::*column)(int) const);

  sqlite3* db_;
  std::unordered_map<std::string_view, std::unique_ptr<Statement>> statements_;
};

template <class Bind, class OnRow>
Result<void> Connection::query(std::string_view sql, Bind&& bind, OnRow&& on_row) {
  auto prepared = prepare(sql);
  if (!prepared) {
    return prepared.error();
  }
  StatementUse use(prepared->get());
  bind(*use);
  while (true) {
    auto row = use->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return {};
    }
    Result<bool> more = on_row(std::as_const(*use));
    if (!more) {
      return more.error();
    }
    if (!*more) {
      return {};
    }
  }
}

template <class T>
Result<T> Connection::query_first_column(const char* sql, T (Statement::*column)(int) const) {
  std::optional<T> value;
  auto done = query(
      sql, [](Statement&) {},
      [&](const Statement& row) -> Result<bool> {
        value = (row.*column)(0);
        return false;
      });
  if (!done) {
    return done.error();
  }
  if (!value) {
    return Error::internal(std::string("no result from ") + sql);
  }
  return std::move(*value);
}

}  // namespace portfolio::storage::sqlite
