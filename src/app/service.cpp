#include "app/service.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "api/docs_handlers.hpp"
#include "app/process_limits.hpp"
#include "domain/clock.hpp"
#include "logging/logger.hpp"

namespace portfolio::app {
namespace asio = boost::asio;
using api::ApiRequest;
using api::ApiResponse;
using http::RateClass;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

// Cursors carry no authority (they only say where a page starts), so a built-in key is safe; setting
// CURSOR_SECRET makes cursors valid across every instance of a deployment and unforgeable outside it.
constexpr std::string_view kDefaultCursorKey = "portfolio-api cursor integrity key v1";

api::ServiceInfo make_info() {
  api::ServiceInfo info;
  info.version = PORTFOLIO_VERSION;
  info.commit = PORTFOLIO_GIT_COMMIT;
  info.compiler = "g++ " __VERSION__;
  info.build_type = PORTFOLIO_BUILD_TYPE;
  return info;
}

http::PipelineOptions pipeline_options(const Config& config) {
  http::PipelineOptions options;
  options.rate_limit_enabled = config.rate_limit_enabled;
  options.general_per_minute = config.rate_limit_per_minute;
  options.ingest_per_minute = config.rate_limit_ingest_per_minute;
  options.trusted_proxies = *http::TrustedProxies::parse(config.trusted_proxies);  // validated at start
  options.trusted_proxies.trust_viewer_address(config.origin_verify_secret);
  options.api_keys = split_list(config.api_keys);
  options.cors_origins = split_list(config.cors_origins);
  if (!config.static_dir.empty()) options.static_files = http::StaticFiles::load(config.static_dir);
  return options;
}

unsigned io_thread_count(const Config& config) {
  return config.io_threads != 0 ? config.io_threads : usable_cpu_count();
}

// Blocking storage calls that can run at once. DynamoDB's wait on the network, so many are in
// flight; SQLite's and the memory store's are short work beside four reader connections, and their
// reading writes wait in the group commit's queue without a thread.
unsigned storage_thread_count(const Config& config) {
  if (config.storage_threads != 0) return config.storage_threads;
  return config.storage == "dynamodb" ? 64 : 8;
}

std::chrono::steady_clock::duration seconds(double value) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(value));
}

// Image uploads are the one exception to the 1 MiB body limit: 5 MiB, plus nothing else.
std::size_t image_body_limit(boost::beast::http::verb method, std::string_view target) {
  if (method != boost::beast::http::verb::put) return 0;
  const auto path = target.substr(0, target.find('?'));
  const bool image = path.starts_with("/api/v1/devices/") && path.ends_with("/image");
  const bool avatar = path.starts_with("/api/v1/users/") && path.ends_with("/avatar");
  return image || avatar ? api::kMaxImageBytes : 0;
}

// Adapts a synchronous handler to the router's coroutine signature.
template <class F>
http::Handler sync(F f) {
  return
      [f = std::move(f)](const ApiRequest& request) -> asio::awaitable<ApiResponse> { co_return f(request); };
}

}  // namespace

Service::Service(const Config& config, std::unique_ptr<storage::Store> store,
                 std::unique_ptr<storage::images::ImageStore> images)
    : config_(config),
      info_(make_info()),
      store_(std::move(store)),
      images_(std::move(images)),
      runner_(storage_thread_count(config)),
      cursors_(config.cursor_secret.empty() ? std::string(kDefaultCursorKey) : config.cursor_secret),
      users_({*store_, runner_, cursors_, images_.get(), config.images_public_base_url}),
      metrics_({*store_, runner_, cursors_, images_.get(), config.images_public_base_url}),
      devices_({*store_, runner_, cursors_, images_.get(), config.images_public_base_url},
               {static_cast<std::int64_t>(config.device_offline_after_seconds), config.low_battery_percent}),
      health_({*store_, runner_, cursors_}, info_, counters_) {
  if (images_) {
    const api::HandlerContext context{*store_, runner_, cursors_, images_.get(),
                                      config.images_public_base_url};
    device_images_.emplace(context, *images_, storage::images::OwnerKind::device);
    avatars_.emplace(context, *images_, storage::images::OwnerKind::user);
  }
  add_routes();
  telemetry_ = std::make_unique<RequestTelemetry>(router_, counters_, config.access_log);
  pipeline_ = std::make_unique<http::RequestPipeline>(router_, pipeline_options(config), *telemetry_);
  http::ServerOptions server_options;
  server_options.host = config.host;
  server_options.port = config.port;
  server_options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  server_options.single_threaded = io_thread_count(config) == 1;
  const auto descriptors = raise_descriptor_limit();  // the hard limit, so the cap can be high
  server_options.max_connections =
      config.max_connections != 0 ? config.max_connections : default_max_connections(descriptors);
  server_options.max_refusing = default_max_refusing(descriptors, server_options.max_connections);
  server_options.body_limit_for = image_body_limit;
  server_ = std::make_unique<http::Server>(io_, server_options, *pipeline_);
}

Service::~Service() {
  runner_.stop();
  // Before io_ goes: a store that queues writes (SQLite's group commit) completes what is still
  // queued when it closes, and each completion is posted to an I/O executor.
  store_.reset();
}

void Service::add_routes() {
  const auto route = [this](const char* method, const char* path, RateClass rate, auto member,
                            auto& handlers) {
    router_.add(method, path, rate,
                [&handlers, member](const ApiRequest& r) { return (handlers.*member)(r); });
  };
  router_.add("GET", "/health", RateClass::unlimited,
              sync([this](const ApiRequest& r) { return health_.live(r); }));
  route("GET", "/health/db", RateClass::unlimited, &api::HealthHandlers::database, health_);
  route("GET", "/health/detailed", RateClass::unlimited, &api::HealthHandlers::detailed, health_);

  route("GET", "/api/v1/users", RateClass::general, &api::UserHandlers::list, users_);
  route("POST", "/api/v1/users", RateClass::general, &api::UserHandlers::create, users_);
  route("GET", "/api/v1/users/{user_id}", RateClass::general, &api::UserHandlers::get, users_);
  route("PUT", "/api/v1/users/{user_id}", RateClass::general, &api::UserHandlers::replace, users_);
  route("PATCH", "/api/v1/users/{user_id}", RateClass::general, &api::UserHandlers::patch, users_);
  route("DELETE", "/api/v1/users/{user_id}", RateClass::general, &api::UserHandlers::remove, users_);

  route("POST", "/api/v1/metrics", RateClass::ingest, &api::MetricHandlers::ingest, metrics_);
  route("POST", "/api/v1/metrics/batch", RateClass::ingest, &api::MetricHandlers::ingest_batch, metrics_);
  route("GET", "/api/v1/metrics/latest", RateClass::general, &api::MetricHandlers::latest, metrics_);
  route("GET", "/api/v1/metrics/summary", RateClass::general, &api::MetricHandlers::summary, metrics_);
  route("GET", "/api/v1/metrics/{device_id}", RateClass::general, &api::MetricHandlers::history, metrics_);
  route("GET", "/api/v1/metrics/{device_id}/series", RateClass::general, &api::MetricHandlers::series,
        metrics_);
  route("GET", "/api/v1/devices", RateClass::general, &api::DeviceHandlers::list, devices_);
  route("GET", "/api/v1/devices/stats", RateClass::general, &api::DeviceHandlers::stats, devices_);

  if (device_images_ && avatars_) {
    using api::ImageHandlers;
    route("PUT", "/api/v1/devices/{device_id}/image", RateClass::general, &ImageHandlers::put,
          *device_images_);
    route("GET", "/api/v1/devices/{device_id}/image", RateClass::general, &ImageHandlers::get,
          *device_images_);
    route("DELETE", "/api/v1/devices/{device_id}/image", RateClass::general, &ImageHandlers::remove,
          *device_images_);
    route("PUT", "/api/v1/users/{user_id}/avatar", RateClass::general, &ImageHandlers::put, *avatars_);
    route("GET", "/api/v1/users/{user_id}/avatar", RateClass::general, &ImageHandlers::get, *avatars_);
    route("DELETE", "/api/v1/users/{user_id}/avatar", RateClass::general, &ImageHandlers::remove, *avatars_);
  }

  router_.add("GET", "/openapi.json", RateClass::unlimited, sync(api::openapi_document));
  router_.add("GET", "/docs", RateClass::unlimited, sync(api::swagger_ui_page));
  router_.add("GET", "/redoc", RateClass::unlimited, sync(api::redoc_page));
  router_.add("GET", "/docs/assets/{file}", RateClass::unlimited, sync(api::docs_asset));
  router_.add("GET", "/metrics", RateClass::unlimited, sync([this](const ApiRequest&) {
                ApiResponse response;
                response.body = telemetry_->prometheus().render();
                response.content_type = "text/plain; version=0.0.4; charset=utf-8";
                return response;
              }));
}

void Service::flush_metrics() {
  for (const auto& line : telemetry_->emf().flush(domain::now_epoch_ms())) logging::write_raw(line);
}

asio::awaitable<void> Service::flush_metrics_periodically() {
  asio::steady_timer timer(io_);
  while (!stopping_) {
    timer.expires_after(seconds(config_.metrics_flush_seconds));
    co_await timer.async_wait(use_nothrow);
    if (!stopping_) flush_metrics();
  }
}

asio::awaitable<void> Service::sweep_expired_readings() {
  // READINGS_RETENTION_DAYS on SQLite and memory (DynamoDB expires readings by TTL): small batches on
  // a storage thread, one after another, so that ingestion never waits long for the writer.
  constexpr std::size_t kBatch = 1000;
  constexpr std::int64_t kDayMs = 86'400'000;
  asio::steady_timer timer(io_);
  while (!stopping_) {
    const auto before_ms =
        domain::now_epoch_ms() - static_cast<std::int64_t>(config_.readings_retention_days) * kDayMs;
    std::size_t swept = 0;
    for (int batch = 0; batch < 1000 && !stopping_; ++batch) {
      auto sweep = [&store = *store_, before_ms] { return store.sweep_readings(before_ms, kBatch); };
      auto deleted = co_await runner_.run(std::move(sweep));
      if (!deleted) {
        logging::warn("retention sweep failed", {{"error", deleted.error().message}});
        break;
      }
      swept += *deleted;
      if (*deleted == 0) break;
    }
    if (swept > 0) logging::info("retention sweep", {{"deleted_readings", swept}});
    timer.expires_after(std::chrono::minutes(1));
    co_await timer.async_wait(use_nothrow);
  }
}

asio::awaitable<void> Service::shut_down_on_signal() {
  asio::signal_set signals(io_, SIGTERM, SIGINT);
  auto [ec, signal] = co_await signals.async_wait(use_nothrow);
  logging::info("shutdown requested", {{"signal", signal},
                                       {"grace_seconds", config_.shutdown_grace_seconds},
                                       {"timeout_seconds", config_.shutdown_timeout_seconds}});
  // The load balancer may still route here while it deregisters this target: keep serving for the
  // grace period, with `Connection: close` on every response. A second signal skips the rest of it.
  server_->begin_closing();
  {
    asio::steady_timer grace(io_, seconds(config_.shutdown_grace_seconds));
    signals.async_wait([&grace](const boost::system::error_code& error, int) {
      if (!error) grace.cancel();
    });
    co_await grace.async_wait(use_nothrow);
    signals.cancel();
  }
  logging::info("draining", {{"open_connections", server_->open_connections()}});
  co_await server_->drain(seconds(config_.shutdown_timeout_seconds));
  stopping_ = true;
  io_.stop();
}

int Service::run() {
  server_->start();
  logging::info("listening", {{"host", config_.host},
                              {"port", server_->port()},
                              {"storage", store_->backend()},
                              {"images", images_ ? images_->backend() : std::string_view("none")},
                              {"version", info_.version},
                              {"static_dir", config_.static_dir}});
  asio::co_spawn(io_, shut_down_on_signal(), asio::detached);
  asio::co_spawn(io_, flush_metrics_periodically(), asio::detached);
  if (config_.readings_retention_days > 0 && store_->backend() != "dynamodb") {
    asio::co_spawn(io_, sweep_expired_readings(), asio::detached);
  }

  const auto threads = io_thread_count(config_);
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : pool) t.join();

  runner_.stop();
  flush_metrics();
  logging::info("stopped", {{"requests_total", counters_.requests.load()}});
  return 0;
}

}  // namespace portfolio::app
