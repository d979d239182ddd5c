#include "storage/sqlite/wal_write_buffer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "scratch_directory.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace portfolio::storage::sqlite {
namespace {

using namespace std::chrono_literals;
using sqlite_test::scratch;

// Write system calls (write, pwrite, writev) this process has made, from /proc/self/io.
std::uint64_t write_calls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::uint64_t value = 0;
  while (io >> key >> value) {
    if (key == "syscw:") return value;
  }
  ADD_FAILURE() << "/proc/self/io has no syscw line";
  return 0;
}

std::unique_ptr<Connection> open_connection(const std::string& path) {
  auto connection = Connection::open(path, 1000ms);
  if (!connection) throw std::runtime_error(connection.error().message);
  return std::move(*connection);
}

void exec_or_fail(sqlite3* db, const char* sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << (error != nullptr ? error : sqlite3_errstr(rc));
}

std::int64_t query_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), SQLITE_OK) << sql;
  EXPECT_EQ(sqlite3_step(statement), SQLITE_ROW) << sql;
  const std::int64_t value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return value;
}

std::string integrity(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(statement), SQLITE_ROW);
  std::string result(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  sqlite3_finalize(statement);
  return result;
}

// 60 rows of 3,000 bytes: a transaction of about 60 pages, ~250 KB of frames.
constexpr const char* kSixtyPages =
    "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
    "INSERT INTO blobs (payload) SELECT randomblob(3000) FROM n; ";

// The number of write calls one COMMIT of kSixtyPages makes on `db`.
std::uint64_t writes_of_one_commit(sqlite3* db) {
  exec_or_fail(db, kSixtyPages);
  const std::uint64_t before = write_calls();
  exec_or_fail(db, "COMMIT");
  return write_calls() - before;
}

TEST(WalWriteBuffer, ACommitHandsItsFramesOverInAFewWrites) {
  // The same commit through SQLite's default VFS, so that the test shows what it measures: two
  // writes per frame.
  sqlite3* plain = nullptr;
  ASSERT_EQ(sqlite3_open(scratch().fresh_path("plain").c_str(), &plain), SQLITE_OK);
  exec_or_fail(plain, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE blobs (payload BLOB)");
  EXPECT_GE(writes_of_one_commit(plain), 100U);
  sqlite3_close(plain);

  auto buffered = open_connection(scratch().fresh_path("buffered"));
  ASSERT_TRUE(buffered->exec("CREATE TABLE blobs (payload BLOB)"));
  // ~250 KB in pieces of at most 127 KiB.
  EXPECT_LE(writes_of_one_commit(buffered->handle()), 3U);
}

TEST(WalWriteBuffer, CommittedRowsAreReadByOtherConnectionsAndSurviveReopening) {
  const auto path = scratch().fresh_path("shared");
  {
    auto writer = open_connection(path);
    ASSERT_TRUE(writer->exec("CREATE TABLE blobs (payload BLOB)"));
    sqlite3* reader = nullptr;  // the default VFS: it reads the WAL file as the operating system has it
    ASSERT_EQ(sqlite3_open(path.c_str(), &reader), SQLITE_OK);
    for (int commit = 1; commit <= 5; ++commit) {
      exec_or_fail(writer->handle(), kSixtyPages);
      exec_or_fail(writer->handle(), "COMMIT");
      EXPECT_EQ(query_int(reader, "SELECT count(*) FROM blobs"), commit * 60);
      EXPECT_EQ(query_int(reader, "SELECT sum(length(payload)) FROM blobs"), commit * 60 * 3000);
    }
    sqlite3_close(reader);
  }
  auto reopened = open_connection(path);
  EXPECT_EQ(integrity(reopened->handle()), "ok");
  EXPECT_EQ(query_int(reopened->handle(), "SELECT count(*) FROM blobs"), 300);
}

// A cache of 8 pages makes SQLite spill frames into the WAL before the commit and then write some
// of them again in place, and rewrite their checksums at the commit; a rollback leaves spilled
// frames behind that no commit published.
TEST(WalWriteBuffer, TransactionsThatSpillAndRollBackLeaveAnIntactDatabase) {
  const auto path = scratch().fresh_path("spilled");
  auto writer = open_connection(path);
  ASSERT_TRUE(writer->exec("PRAGMA cache_size=8"));
  ASSERT_TRUE(writer->exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, payload BLOB)"));
  exec_or_fail(writer->handle(),
               "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700) "
               "INSERT INTO blobs (id, payload) SELECT i, zeroblob(3000) FROM n");
  // Every page read back inside the transaction: most of them were spilled and left the cache, the
  // newest are still waiting in the buffer.
  EXPECT_EQ(query_int(writer->handle(), "SELECT sum(length(payload)) FROM blobs"), 700 * 3000);
  exec_or_fail(writer->handle(), "UPDATE blobs SET payload = randomblob(2000) WHERE id % 3 = 0; COMMIT");
  exec_or_fail(writer->handle(),
               "BEGIN; WITH RECURSIVE n(i) AS (SELECT 701 UNION ALL SELECT i + 1 FROM n WHERE i < 1400) "
               "INSERT INTO blobs (id, payload) SELECT i, randomblob(3000) FROM n; ROLLBACK");
  const char* total = "SELECT count(*) * 1000000 + sum(length(payload)) FROM blobs";
  constexpr std::int64_t kExpected = 700 * 1'000'000 + 233 * 2000 + 467 * 3000;
  EXPECT_EQ(query_int(writer->handle(), total), kExpected);
  EXPECT_EQ(integrity(writer->handle()), "ok");
  // Every frame copied into the database file, and the WAL emptied.
  exec_or_fail(writer->handle(), "PRAGMA wal_checkpoint(TRUNCATE)");
  writer.reset();

  sqlite3* plain = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &plain), SQLITE_OK);
  EXPECT_EQ(integrity(plain), "ok");
  EXPECT_EQ(query_int(plain, total), kExpected);
  sqlite3_close(plain);
}

}  // namespace
}  // namespace portfolio::storage::sqlite
