#include "storage/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <set>
#include <thread>

#include "scratch_directory.hpp"
#include "store_behaviour.hpp"
#include "sync_counting_vfs.hpp"

namespace portfolio::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::int64_t kBase = 1'764'324'000'000;

using sqlite_test::scratch;

std::unique_ptr<Store> open_or_fail(const std::string& path) {
  auto store = open_sqlite_store({.path = path});
  if (!store) {
    throw std::runtime_error("cannot open the SQLite store: " + store.error().message);
  }
  return std::move(*store);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreBehaviour,
                         testing::Values(StoreFactory{"sqlite",
                                                      [] { return open_or_fail(scratch().fresh_path()); }}),
                         [](const auto& param_info) { return param_info.param.name; });

domain::Reading reading(const std::string& device, std::int64_t timestamp, double temperature = 21.5) {
  domain::Reading r;
  r.device_id = device;
  r.timestamp_ms = timestamp;
  r.temperature = temperature;
  r.humidity = 40;
  return r;
}

// Reads one integer with a connection of the test's own, independent of the store.
std::int64_t query_directly(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

std::string journal_mode(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  std::string mode;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return mode;
}

TEST(SqliteStore, DataSurvivesReopening) {
  const auto path = scratch().fresh_path();
  domain::User user{.user_id = "00000000-0000-4000-8000-000000000001",
                    .username = "Keeper",
                    .email = "keeper@example.com",
                    .status = domain::UserStatus::active,
                    .created_at = "2026-11-28T10:00:00.000Z",
                    .updated_at = "2026-11-28T10:00:00.000Z"};
  {
    auto store = open_or_fail(path);
    ASSERT_TRUE(store->create_user(user));
    ASSERT_TRUE(store->put_reading(reading("dev-1", kBase + 2)));
    ASSERT_TRUE(store->put_readings(std::vector{reading("dev-1", kBase + 1), reading("dev-2", kBase)}));
  }
  auto store = open_or_fail(path);
  auto stored = store->get_user(user.user_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, user);
  auto history = store->device_history({.device_id = "dev-1", .page = {.limit = 10, .after = std::nullopt}});
  ASSERT_TRUE(history);
  EXPECT_EQ(history->items.size(), 2U);
  auto devices = store->list_devices({.filter = {}, .page = {.limit = 10, .after = std::nullopt}});
  ASSERT_TRUE(devices);
  ASSERT_EQ(devices->items.size(), 2U);
  EXPECT_EQ(devices->items[0].latest.timestamp_ms, kBase + 2);
  // Uniqueness is on disk too, not only in the first process's memory.
  user.user_id = "00000000-0000-4000-8000-000000000002";
  user.username = "KEEPER";
  user.email = "other@example.com";
  EXPECT_EQ(store->create_user(user).error().code, domain::ErrorCode::duplicate_username);
  user.username = "other";
  user.email = "Keeper@Example.com";
  EXPECT_EQ(store->create_user(user).error().code, domain::ErrorCode::duplicate_email);
}

TEST(SqliteStore, UsesWriteAheadLoggingAndRecordsItsSchemaVersion) {
  const auto path = scratch().fresh_path();
  auto store = open_or_fail(path);
  EXPECT_EQ(journal_mode(path), "wal");
  EXPECT_EQ(query_directly(path, "PRAGMA user_version"), 2);
}

TEST(SqliteStore, SuccessfulWritesAreCommittedForOtherConnections) {
  const auto path = scratch().fresh_path();
  auto store = open_or_fail(path);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->put_reading(reading("dev-seen", kBase + i)));
  }
  EXPECT_EQ(query_directly(path, "SELECT count(*) FROM readings WHERE device_id = 'dev-seen'"), 5);
  EXPECT_EQ(query_directly(path, "SELECT timestamp_ms FROM devices WHERE device_id = 'dev-seen'"), kBase + 4);
}

TEST(SqliteStore, LoneWriterCommitsEachPutAtOnce) {
  auto store = open_or_fail(scratch().fresh_path());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->put_reading(reading("dev-alone", kBase + i)));
  }
  const auto stats = sqlite_write_stats(*store);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->put_calls, 5U);
  EXPECT_EQ(stats->transactions, 5U);
}

TEST(SqliteStore, GroupCommitBatchesConcurrentWriters) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 20;
  auto store = open_or_fail(scratch().fresh_path());
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (!store->put_reading(reading("dev-" + std::to_string(t), kBase + i))) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);

  const auto stats = sqlite_write_stats(*store);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->put_calls, static_cast<std::uint64_t>(kThreads * kPerThread));
  // With one transaction per put this would be 640; with 32 writers queueing behind each fsync
  // most transactions carry many puts.
  EXPECT_LT(stats->transactions, stats->put_calls / 4) << "transactions: " << stats->transactions;
  RecordProperty("transactions", static_cast<int>(stats->transactions));
  auto devices = store->list_devices({.filter = {}, .page = {.limit = 100, .after = std::nullopt}});
  ASSERT_TRUE(devices);
  EXPECT_EQ(devices->items.size(), static_cast<std::size_t>(kThreads));
  for (int t = 0; t < kThreads; ++t) {
    auto history = store->device_history(
        {.device_id = "dev-" + std::to_string(t), .page = {.limit = 100, .after = std::nullopt}});
    ASSERT_TRUE(history);
    EXPECT_EQ(history->items.size(), static_cast<std::size_t>(kPerThread));
  }
}

TEST(SqliteStore, PositionTokenOfOneListingIsRejectedByAnother) {
  auto store = open_or_fail(scratch().fresh_path());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store->put_reading(reading("dev-" + std::to_string(i), kBase + i)));
    ASSERT_TRUE(store->put_reading(reading("dev-0", kBase + 10 + i)));
    ASSERT_TRUE(store->create_user({.user_id = "00000000-0000-4000-8000-00000000000" + std::to_string(i),
                                    .username = "user" + std::to_string(i),
                                    .email = "user" + std::to_string(i) + "@example.com",
                                    .status = domain::UserStatus::active,
                                    .created_at = "2026-11-28T10:00:00.000Z",
                                    .updated_at = "2026-11-28T10:00:00.000Z"}));
  }
  auto users = store->list_users({.limit = 1, .after = std::nullopt});
  auto devices = store->list_devices({.filter = {}, .page = {.limit = 1, .after = std::nullopt}});
  auto history = store->device_history({.device_id = "dev-0", .page = {.limit = 1, .after = std::nullopt}});
  ASSERT_TRUE(users && users->next && devices && devices->next && history && history->next);

  EXPECT_EQ(store->list_users({.limit = 1, .after = devices->next}).error().code,
            domain::ErrorCode::validation_error);
  EXPECT_EQ(store->list_devices({.filter = {}, .page = {.limit = 1, .after = history->next}}).error().code,
            domain::ErrorCode::validation_error);
  EXPECT_EQ(
      store->device_history({.device_id = "dev-0", .page = {.limit = 1, .after = users->next}}).error().code,
      domain::ErrorCode::validation_error);
  // And each resumes its own listing.
  EXPECT_TRUE(store->list_users({.limit = 1, .after = users->next}));
  EXPECT_TRUE(store->list_devices({.filter = {}, .page = {.limit = 1, .after = devices->next}}));
  EXPECT_TRUE(store->device_history({.device_id = "dev-0", .page = {.limit = 1, .after = history->next}}));
}

TEST(SqliteStore, OversizedPagesAreCutWithANextTokenAndEmptyPagesRefused) {
  auto store = open_or_fail(scratch().fresh_path());
  std::vector<domain::Reading> readings;
  readings.reserve(10'005);
  for (std::int64_t i = 0; i < 10'005; ++i) {
    readings.push_back(reading("dev-many", kBase + i));
  }
  ASSERT_TRUE(store->put_readings(readings));
  auto first =
      store->device_history({.device_id = "dev-many", .page = {.limit = SIZE_MAX, .after = std::nullopt}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->items.size(), 10'000U);
  ASSERT_TRUE(first->next.has_value());
  auto rest =
      store->device_history({.device_id = "dev-many", .page = {.limit = SIZE_MAX, .after = first->next}});
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->items.size(), 5U);
  EXPECT_FALSE(rest->next.has_value());

  EXPECT_EQ(store->device_history({.device_id = "dev-many", .page = {.limit = 0, .after = std::nullopt}})
                .error()
                .code,
            domain::ErrorCode::validation_error);
  EXPECT_EQ(store->list_users({.limit = 0, .after = std::nullopt}).error().code,
            domain::ErrorCode::validation_error);
  EXPECT_EQ(store->list_devices({.filter = {}, .page = {.limit = 0, .after = std::nullopt}}).error().code,
            domain::ErrorCode::validation_error);
}

TEST(SqliteStore, CreatesMissingParentDirectories) {
  const auto path = (scratch().path() / "nested" / "deeper" / "portfolio.db").string();
  auto store = open_sqlite_store({.path = path});
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(fs::exists(path));
}

TEST(SqliteStore, UnusablePathsAreClearErrors) {
  // A regular file where a parent directory should be.
  const auto blocker = scratch().path() / "blocker";
  std::ofstream(blocker) << "not a directory";
  const auto under_file = (blocker / "portfolio.db").string();
  auto result = open_sqlite_store({.path = under_file});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_NE(result.error().message.find(blocker.string()), std::string::npos) << result.error().message;

  // A directory where the database file should be.
  const auto directory = scratch().path() / "a-directory.db";
  fs::create_directories(directory);
  result = open_sqlite_store({.path = directory.string()});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_NE(result.error().message.find(directory.string()), std::string::npos) << result.error().message;

  // A file that is not a database.
  const auto garbage = scratch().path() / "garbage.db";
  std::ofstream(garbage) << std::string(8192, 'x');
  result = open_sqlite_store({.path = garbage.string()});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_NE(result.error().message.find("not a database"), std::string::npos) << result.error().message;

  for (const char* not_a_file : {"", ":memory:"}) {
    result = open_sqlite_store({.path = not_a_file});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::storage_unavailable);
  }
}

TEST(SqliteStore, DatabaseOfANewerSchemaIsRefused) {
  const auto path = scratch().fresh_path();
  { auto store = open_or_fail(path); }
  query_directly(path, "PRAGMA user_version = 99");
  auto result = open_sqlite_store({.path = path});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("newer"), std::string::npos) << result.error().message;
}

TEST(SqliteStore, LockHeldByAnotherProcessIsStorageUnavailable) {
  const auto path = scratch().fresh_path();
  auto store = open_sqlite_store({.path = path, .busy_timeout = 100ms});
  ASSERT_TRUE(store);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  auto write = (*store)->put_reading(reading("dev-locked", kBase));
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, domain::ErrorCode::storage_unavailable) << write.error().message;
  // Readers are not blocked by a writer in WAL mode.
  EXPECT_TRUE((*store)->list_devices({.filter = {}, .page = {.limit = 10, .after = std::nullopt}}));

  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*store)->put_reading(reading("dev-locked", kBase)));
}

// synchronous=FULL: every commit fsyncs the write-ahead log before put_reading returns, so that a
// success survives a power cut, not only a kill -9 (which the page cache survives with any setting,
// so the test below cannot tell FULL from OFF). NORMAL syncs the WAL at checkpoints only, OFF never.
TEST(SqliteStore, EveryAcknowledgedWriteIsSyncedToDisk) {
  sqlite_test::install_sync_counting_vfs();
  const auto path = scratch().fresh_path("synced");
  auto store = open_or_fail(path);
  constexpr int kWrites = 5;
  const auto before = sqlite_test::sync_counts();
  for (int i = 0; i < kWrites; ++i) {
    ASSERT_TRUE(store->put_reading(reading("dev-synced", kBase + i)));
    EXPECT_GE(sqlite_test::sync_counts().wal - before.wal, static_cast<std::uint64_t>(i + 1))
        << "write " << i << " returned before its transaction was synced to disk";
  }
}

// kill -9 while many writers are mid-flight: every reading whose put_reading returned success must
// be there when the database is opened again.
TEST(SqliteStore, AcknowledgedReadingsSurviveKill9) {
  const auto path = scratch().fresh_path("killed");
  int acks[2];
  ASSERT_EQ(pipe(acks), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(acks[0]);
    auto store = open_sqlite_store({.path = path});
    if (!store) {
      _exit(2);
    }
    std::vector<std::thread> writers;
    for (std::int64_t t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        for (std::int64_t i = 0;; ++i) {
          const std::int64_t timestamp = kBase + i * 8 + t;
          if (!(*store)->put_reading(reading("dev-killed", timestamp))) {
            _exit(3);
          }
          // One small write to a pipe is atomic, so acknowledgements never interleave.
          if (write(acks[1], &timestamp, sizeof timestamp) != sizeof timestamp) {
            _exit(4);
          }
        }
      });
    }
    for (auto& writer : writers) {
      writer.join();
    }
    _exit(0);
  }
  close(acks[1]);
  std::set<std::int64_t> acknowledged;
  std::int64_t timestamp = 0;
  while (acknowledged.size() < 400 && read(acks[0], &timestamp, sizeof timestamp) == sizeof timestamp) {
    acknowledged.insert(timestamp);
  }
  kill(child, SIGKILL);
  // Acknowledgements already in the pipe when the child died count too.
  while (read(acks[0], &timestamp, sizeof timestamp) == sizeof timestamp) {
    acknowledged.insert(timestamp);
  }
  close(acks[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer process ended on its own with status " << status;
  ASSERT_GE(acknowledged.size(), 400U);

  auto store = open_or_fail(path);
  std::set<std::int64_t> stored;
  domain::PageRequest page{.limit = 1000, .after = std::nullopt};
  for (;;) {
    auto history = store->device_history({.device_id = "dev-killed", .page = page});
    ASSERT_TRUE(history) << history.error().message;
    for (const auto& r : history->items) {
      stored.insert(r.timestamp_ms);
    }
    if (!history->next) {
      break;
    }
    page.after = history->next;
  }
  for (const auto ack : acknowledged) {
    ASSERT_TRUE(stored.contains(ack)) << "lost acknowledged reading " << ack;
  }
  auto devices = store->list_devices({.filter = {}, .page = {.limit = 10, .after = std::nullopt}});
  ASSERT_TRUE(devices);
  ASSERT_EQ(devices->items.size(), 1U);
  EXPECT_EQ(devices->items[0].latest.timestamp_ms, *stored.rbegin());
}

}  // namespace
}  // namespace portfolio::storage
