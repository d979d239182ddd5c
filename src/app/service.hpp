#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>

#include "api/blocking_runner.hpp"
#include "api/cursor_codec.hpp"
#include "api/device_handlers.hpp"
#include "api/health_handlers.hpp"
#include "api/image_handlers.hpp"
#include "api/metric_handlers.hpp"
#include "api/service_info.hpp"
#include "api/user_handlers.hpp"
#include "app/config.hpp"
#include "app/request_telemetry.hpp"
#include "http/request_pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "storage/store.hpp"

namespace portfolio::app {

// The running service: the store, the handlers, the routes and the server, wired together once.
class Service {
 public:
  // Without an image store the image routes are not served.
  Service(const Config& config, std::unique_ptr<storage::Store> store,
          std::unique_ptr<storage::images::ImageStore> images = nullptr);
  ~Service();

  // Listens and serves until SIGTERM/SIGINT, then drains as configured. Returns the exit code.
  int run();

 private:
  void add_routes();
  boost::asio::awaitable<void> flush_metrics_periodically();
  boost::asio::awaitable<void> shut_down_on_signal();
  boost::asio::awaitable<void> sweep_expired_readings();
  void flush_metrics();

  const Config& config_;
  api::ServiceInfo info_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::images::ImageStore> images_;
  api::BlockingRunner runner_;
  api::CursorCodec cursors_;
  api::RequestCounters counters_;
  api::UserHandlers users_;
  api::MetricHandlers metrics_;
  api::DeviceHandlers devices_;
  api::HealthHandlers health_;
  std::optional<api::ImageHandlers> device_images_;  // /api/v1/devices/{device_id}/image
  std::optional<api::ImageHandlers> avatars_;        // /api/v1/users/{user_id}/avatar
  http::Router router_;
  std::unique_ptr<RequestTelemetry> telemetry_;
  std::unique_ptr<http::RequestPipeline> pipeline_;
  boost::asio::io_context io_;
  std::unique_ptr<http::Server> server_;
  // Set by the shutdown coroutine and read by the metrics flusher, on any of the I/O threads.
  std::atomic<bool> stopping_{false};
};

}  // namespace portfolio::app
