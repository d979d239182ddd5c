// Durable ingestion into the SQLite store: put_reading from 1 and from 32 concurrent writers, and
// one 100-reading put_readings. With group commit, 32 writers share each fsync, so their combined
// throughput is a multiple of a lone writer's. The database lives in a fresh directory under
// $TMPDIR (which must be on a real disk for the figures to mean anything) and is removed at exit.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_store.hpp"

namespace {

using portfolio::domain::Reading;
using portfolio::storage::Store;

class BenchDatabase {
 public:
  BenchDatabase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "portfolio-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::abort();
    }
    directory_ = pattern;
    auto store = portfolio::storage::open_sqlite_store({.path = (directory_ / "bench.db").string()});
    if (!store) {
      std::abort();
    }
    store_ = std::move(*store);
  }
  ~BenchDatabase() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  BenchDatabase(const BenchDatabase&) = delete;
  BenchDatabase& operator=(const BenchDatabase&) = delete;

  Store& store() { return *store_; }

 private:
  std::filesystem::path directory_;
  std::unique_ptr<Store> store_;
};

Store& bench_store() {
  static BenchDatabase database;
  return database.store();
}

// Distinct timestamps across every run and thread, so that each put is a new row.
std::int64_t next_timestamp() {
  static std::atomic<std::int64_t> next{1'764'324'000'000};
  return next++;
}

Reading reading_of(int thread) {
  Reading reading;
  reading.device_id = "bench-" + std::to_string(thread);
  reading.timestamp_ms = next_timestamp();
  reading.temperature = 21.5;
  reading.humidity = 40.25;
  reading.battery_level = 80;
  return reading;
}

void SqlitePutReading(benchmark::State& state) {
  auto& store = bench_store();
  const auto before = portfolio::storage::sqlite_write_stats(store).value();
  while (state.KeepRunning()) {
    if (!store.put_reading(reading_of(state.thread_index()))) {
      state.SkipWithError("put_reading failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    // Every thread has left the loop here, so the difference covers the whole run.
    const auto after = portfolio::storage::sqlite_write_stats(store).value();
    state.counters["puts_per_txn"] =
        static_cast<double>(after.put_calls - before.put_calls) /
        static_cast<double>(std::max<std::uint64_t>(1, after.transactions - before.transactions));
  }
}
BENCHMARK(SqlitePutReading)->Threads(1)->Threads(32)->UseRealTime();

void SqlitePutReadings100(benchmark::State& state) {
  auto& store = bench_store();
  std::vector<Reading> batch(100);
  while (state.KeepRunning()) {
    for (auto& reading : batch) {
      reading = reading_of(1000);
    }
    if (!store.put_readings(batch)) {
      state.SkipWithError("put_readings failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}
BENCHMARK(SqlitePutReadings100)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
