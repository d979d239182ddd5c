#pragma once

// Helpers shared by the files of the behavioural suite (store_behaviour*.cpp).

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/rollup.hpp"
#include "storage/store.hpp"

namespace portfolio::storage::behaviour {

using domain::DeviceStatus;
using domain::Reading;
using domain::User;

inline constexpr std::int64_t kBase = 1'764'324'000'000;  // 2025-11-28T10:00:00Z

// "OK" or the error code's name, so that a failed expectation says what came back.
template <class T>
std::string outcome(const Result<T>& result) {
  if (result) {
    return "OK";
  }
  return std::string(domain::to_string(result.error().code)) + " (" + result.error().message + ")";
}

template <class T>
std::string code_of(const Result<T>& result) {
  return result ? "OK" : std::string(domain::to_string(result.error().code));
}

// The error's message, which every back end words alike (storage/store_errors.hpp).
template <class T>
std::string message_of(const Result<T>& result) {
  return result ? "OK" : result.error().message;
}

User make_user(const std::string& name, int n, std::string email = "");
Reading make_reading(const std::string& device, std::int64_t timestamp, double temperature = 20.5,
                     double humidity = 40.25, DeviceStatus status = DeviceStatus::active);

// Follow next tokens to the end; fail the test on an error or a runaway loop.
std::vector<User> all_users(Store& store, std::size_t limit);
std::vector<Reading> all_history(Store& store, HistoryQuery query);
std::vector<domain::DeviceState> all_devices(Store& store, std::size_t limit,
                                             const DeviceFilter& filter = {});
std::vector<domain::DeviceSummary> all_summaries(Store& store, SummaryQuery query);
std::vector<std::int64_t> timestamps_of(const std::vector<Reading>& readings);

// ---- fleet: rollups, summaries and series ----------------------------------------------------------

inline constexpr std::int64_t kDay = domain::bucket_start(kBase, domain::kDayMs);  // 2025-11-28T00:00:00Z

Reading with_battery(Reading reading, double battery);
// What a summary of `readings` (the stored ones, one per key) over [from, to] must say.
std::optional<domain::DeviceSummary> expected_summary(const std::vector<Reading>& readings, std::int64_t from,
                                                      std::int64_t to);
void expect_same_summary(const domain::DeviceSummary& actual, const domain::DeviceSummary& expected);
// The one summary of `device` over [from, to]; a test failure when there is none.
domain::DeviceSummary one_summary(Store& store, const std::string& device, std::int64_t from,
                                  std::int64_t to);
std::vector<domain::SeriesBucket> series_of(Store& store, const std::string& device, std::int64_t from,
                                            std::int64_t to, std::int64_t bucket);

}  // namespace portfolio::storage::behaviour
