#include "api/health_handlers.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <cmath>

#include "storage/memory/memory_store.hpp"

namespace portfolio::api {
namespace {

// A store whose every call fails as an unreachable back end would; only ping() is exercised here.
class UnreachableStore : public storage::Store {
 public:
  std::string_view backend() const override { return "memory"; }
  domain::Result<void> ping() override { return down(); }
  domain::Result<void> create_user(const domain::User&) override { return down(); }
  domain::Result<domain::User> get_user(std::string_view) override { return down(); }
  domain::Result<void> update_user(const domain::User&, const domain::User&) override { return down(); }
  domain::Result<void> delete_user(std::string_view) override { return down(); }
  domain::Result<domain::Page<domain::User>> list_users(const domain::PageRequest&) override {
    return down();
  }
  domain::Result<void> put_reading(const domain::Reading&) override { return down(); }
  domain::Result<void> put_readings(std::span<const domain::Reading>) override { return down(); }
  domain::Result<domain::Page<domain::Reading>> device_history(const storage::HistoryQuery&) override {
    return down();
  }
  domain::Result<domain::Page<domain::DeviceState>> list_devices(const storage::DeviceQuery&) override {
    return down();
  }
  domain::Result<domain::DeviceStats> device_stats(const storage::StatsQuery&) override { return down(); }
  domain::Result<domain::Page<domain::DeviceSummary>> summarize(const storage::SummaryQuery&) override {
    return down();
  }
  domain::Result<std::vector<domain::SeriesBucket>> series(const storage::SeriesQuery&) override {
    return down();
  }
  domain::Result<std::size_t> sweep_readings(std::int64_t, std::size_t) override { return down(); }

 private:
  static domain::Error down() { return domain::Error::unavailable("connection refused"); }
};

ApiResponse database_health(storage::Store& store, const RequestCounters& counters) {
  BlockingRunner runner(1);
  CursorCodec cursors("k");
  ServiceInfo info;
  HealthHandlers handlers({store, runner, cursors}, info, counters);
  ApiRequest request;
  request.request_id = "req-9";
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, handlers.database(request), boost::asio::use_future);
  io.run();
  runner.stop();
  return future.get();
}

ApiResponse database_health(storage::Store& store) {
  const RequestCounters counters;
  return database_health(store, counters);
}

TEST(HealthHandlers, UptimeIsToTheMillisecond) {
  ServiceInfo info;
  info.started = std::chrono::steady_clock::now() - std::chrono::nanoseconds(12'345'678'901);
  const double uptime = info.uptime_seconds();
  EXPECT_GE(uptime, 12.345);
  EXPECT_DOUBLE_EQ(uptime * 1000, std::round(uptime * 1000));
}

TEST(HealthHandlers, DatabaseUpIs200Connected) {
  auto store = storage::make_memory_store();
  const auto response = database_health(*store);
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(boost::json::parse(response.body).at("database").as_string(), "connected");
}

TEST(HealthHandlers, DatabaseDownIs503WithHealthAndErrorMembers) {
  UnreachableStore store;
  const auto response = database_health(store);
  EXPECT_EQ(response.status, 503U);
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("database").as_string(), "unavailable");
  EXPECT_EQ(body.at("status").as_string(), "unhealthy");
  EXPECT_EQ(body.at("error_code").as_string(), "STORAGE_UNAVAILABLE");
  EXPECT_EQ(body.at("request_id").as_string(), "req-9");
  EXPECT_TRUE(body.contains("response_time_ms"));
  // The cause (the store's own words) is logged, never sent.
  EXPECT_EQ(response.body.find("connection refused"), std::string::npos);
}

TEST(HealthHandlers, DegradedWhileWritesFailAndHealthyAfterASuccess) {
  auto store = storage::make_memory_store();
  RequestCounters counters;
  counters.writes.observe("POST", 503);
  auto response = database_health(*store, counters);
  EXPECT_EQ(response.status, 200U);
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_string(), "degraded");
  EXPECT_EQ(body.at("database").as_string(), "connected");
  EXPECT_EQ(body.at("writes").at("status").as_string(), "failing");
  EXPECT_EQ(body.at("writes").at("failures").to_number<int>(), 1);
  EXPECT_TRUE(body.at("writes").at("failing_since").is_string());

  counters.writes.observe("POST", 201);
  response = database_health(*store, counters);
  body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_string(), "healthy");
  EXPECT_EQ(body.at("writes").at("status").as_string(), "ok");
  EXPECT_TRUE(body.at("writes").at("failing_since").is_null());
}

}  // namespace
}  // namespace portfolio::api
