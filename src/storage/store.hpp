#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/page.hpp"
#include "domain/reading.hpp"
#include "domain/rollup.hpp"
#include "domain/user.hpp"

namespace portfolio::storage {

using domain::Result;

enum class SortOrder { ascending, descending };

struct HistoryQuery {
  std::string device_id;
  std::int64_t from_ms = 0;        // inclusive
  std::int64_t to_ms = INT64_MAX;  // inclusive
  SortOrder order = SortOrder::descending;
  domain::PageRequest page;
};

struct SummaryQuery {
  std::int64_t from_ms = 0;              // inclusive
  std::int64_t to_ms = INT64_MAX;        // inclusive
  std::optional<std::string> device_id;  // all devices when absent
  domain::PageRequest page;              // pages of devices
};

// Which devices a listing returns; every filter that is set must hold (AND).
struct DeviceFilter {
  std::optional<domain::DeviceStatus> status;  // of the latest reading
  // true: only devices whose newest reading is at or after online_since_ms; false: only older ones.
  std::optional<bool> online;
  std::int64_t online_since_ms = 0;
  std::optional<std::string> prefix;  // device_id starts with it
  bool low_battery = false;           // only devices whose latest battery_level < low_battery_below
  double low_battery_below = 20;
};

struct DeviceQuery {
  DeviceFilter filter;
  domain::PageRequest page;
};

// Buckets of `bucket_ms` aligned to the epoch (UTC days), over the inclusive window.
struct SeriesQuery {
  std::string device_id;
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::int64_t bucket_ms = domain::kHourMs;
};

struct StatsQuery {
  std::int64_t online_since_ms = 0;
  double low_battery_below = 20;
};

// A back end's own queue of reading writes (SQLite's group commit), for callers that must not hold
// a thread while a write waits for its commit.
class ReadingQueue {
 public:
  using Done = std::function<void(Result<void>)>;

  // Returns at once, without blocking on disk or network, and calls `done` exactly once, on one of
  // the back end's own threads, when the readings are durable (as put_readings returning success)
  // or the write has failed. `readings` must stay alive until then.
  virtual void submit(std::span<const domain::Reading> readings, Done done) = 0;

 protected:
  ~ReadingQueue() = default;
};

// The one interface every back end implements (sqlite, memory, dynamodb). Every call is blocking
// and thread-safe: the API layer runs them on a storage thread pool, never on an I/O thread.
// Inputs have already been validated by the domain layer.
//
// Error contract (domain::ErrorCode), shared by every back end and checked by the behavioural suite
// in tests/storage/store_behaviour.hpp:
//  - user_not_found, device_not_found, duplicate_username, duplicate_email as named;
//  - conflict when update_user's `before` is no longer the stored version (concurrent writer);
//  - validation_error when a position token is not one this store issued;
//  - storage_unavailable when the store cannot be reached; internal_error otherwise.
class Store {
 public:
  virtual ~Store() = default;

  // "sqlite", "memory" or "dynamodb".
  virtual std::string_view backend() const = 0;

  // A cheap round trip that proves the store answers.
  virtual Result<void> ping() = 0;

  // Users. Usernames and e-mails are unique case-insensitively, under concurrency.
  virtual Result<void> create_user(const domain::User& user) = 0;
  virtual Result<domain::User> get_user(std::string_view user_id) = 0;
  // Replaces `before` with `after` (same user_id) if `before` is still the stored version
  // (compared by updated_at); otherwise conflict, or user_not_found if the user is gone.
  virtual Result<void> update_user(const domain::User& before, const domain::User& after) = 0;
  virtual Result<void> delete_user(std::string_view user_id) = 0;
  // A stable order that pagination can resume from; the order itself is not part of the contract.
  virtual Result<domain::Page<domain::User>> list_users(const domain::PageRequest& page) = 0;

  // Readings. When these return success, the readings are durable (committed).
  // Same (device_id, timestamp) replaces the earlier reading. The device's latest reading is kept
  // current so that list_devices() never scans readings, and the device's hour and day rollups are
  // updated in the same durable write: exact under resends (a replaced reading is not counted
  // twice), late and out-of-order readings and concurrent writers.
  virtual Result<void> put_reading(const domain::Reading& reading) = 0;
  virtual Result<void> put_readings(std::span<const domain::Reading> readings) = 0;
  // The same writes without a blocked thread, where the back end queues them itself; nullptr
  // otherwise, and the caller runs put_readings on a storage thread.
  virtual ReadingQueue* reading_queue() { return nullptr; }

  // device_not_found when the device has no readings at all (not merely none in the window).
  virtual Result<domain::Page<domain::Reading>> device_history(const HistoryQuery& query) = 0;
  // Known devices that pass the filter, with their latest reading, ordered by device_id. One page
  // costs the same whatever the number of devices (no scan of the whole fleet).
  virtual Result<domain::Page<domain::DeviceState>> list_devices(const DeviceQuery& query) = 0;
  // Fleet totals; the cost follows the number of devices, never the number of readings.
  virtual Result<domain::DeviceStats> device_stats(const StatsQuery& query) = 0;
  // Per device with readings in the window, ordered by device_id, paged by device. Read from the
  // hour and day rollups for whole buckets and from raw readings only at the window's partial edges.
  // A page may hold fewer items than its limit (devices without readings in the window are skipped)
  // and still have a next position.
  virtual Result<domain::Page<domain::DeviceSummary>> summarize(const SummaryQuery& query) = 0;
  // Buckets with readings, oldest first; device_not_found when the device never reported.
  virtual Result<std::vector<domain::SeriesBucket>> series(const SeriesQuery& query) = 0;

  // Deletes up to `max_readings` readings older than `before_ms` (retention); rollups stay.
  // Returns how many were deleted, so that a sweep runs in small batches until it returns 0.
  virtual Result<std::size_t> sweep_readings(std::int64_t before_ms, std::size_t max_readings) = 0;
};

}  // namespace portfolio::storage
