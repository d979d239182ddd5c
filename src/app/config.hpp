#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portfolio::app {

// Every setting of the service. Each has an environment variable (12-factor) and the same-named flag
// (PORT and --port); flags win over the environment. Documented in the README.
struct Config {
  // Server
  std::string host = "0.0.0.0";
  std::uint16_t port = 8000;
  unsigned io_threads = 0;          // 0: the CPUs the process may use (affinity mask, cgroup quota)
  std::size_t max_connections = 0;  // 0: derived from the file-descriptor limit
  unsigned storage_threads = 0;     // 0: 64 on DynamoDB (network calls in flight), 8 otherwise
  std::string static_dir;           // serve the dashboard from here when set
  std::string log_level = "info";
  bool access_log = true;

  // Storage
  std::string storage = "sqlite";  // sqlite | dynamodb | memory
  std::string sqlite_path = "./data/portfolio.db";
  std::string aws_region = "ap-northeast-1";
  std::string dynamodb_endpoint;
  std::string users_table = "portfolio-users";
  std::string uniques_table = "portfolio-user-uniques";
  std::string metrics_table = "portfolio-metrics";
  std::string devices_table = "portfolio-devices";

  // Images (device photos, user avatars)
  std::string image_store = "local";  // local | s3
  std::string images_dir;             // local: empty means an "images" folder beside SQLITE_PATH
  std::string images_bucket;          // s3
  std::string images_prefix = "images/";
  std::string images_kms_key_id;  // s3: SSE-KMS with this key; empty: the bucket's default encryption
  std::string images_endpoint;    // s3: endpoint override (moto, MinIO); path-style addressing
  // image_url's base (CloudFront's /images/ in AWS), ending in '/'; empty: the API's own image paths.
  std::string images_public_base_url;

  // Fleet
  unsigned device_offline_after_seconds = 900;  // a device is offline when its newest reading is older
  double low_battery_percent = 20;              // battery_level below this is low
  unsigned readings_retention_days = 0;         // 0: keep readings forever (rollups are always kept)

  // Limits and security
  bool rate_limit_enabled = true;
  std::uint32_t rate_limit_per_minute = 100;
  std::uint32_t rate_limit_ingest_per_minute = 1000;
  std::string trusted_proxies;  // CIDRs whose X-Forwarded-For is believed
  std::string api_keys;         // comma-separated; empty: writes need no key
  std::string cors_origins;     // comma-separated origins, or *
  std::string cursor_secret;    // shared by all instances; a built-in default otherwise
  // The X-Origin-Verify value CloudFront adds: proof that CloudFront-Viewer-Address may be believed.
  std::string origin_verify_secret;

  // Lifecycle and telemetry
  double shutdown_grace_seconds = 5;
  double shutdown_timeout_seconds = 25;
  double metrics_flush_seconds = 60;
  // A connection that sends nothing (or half a request) for this long is closed. Longer than the
  // load balancer's 60 s idle timeout by default.
  std::uint32_t idle_timeout_seconds = 75;
};

enum class Command { serve, healthcheck, create_tables };

struct Invocation {
  Command command = Command::serve;
  Config config;
};

// Parses flags and environment; on --help or an invalid setting, returns the exit code to use after
// printing the message (0 for help, 2 for errors).
struct ParseOutcome {
  std::optional<Invocation> invocation;
  int exit_code = 0;
};
ParseOutcome parse_command_line(int argc, char** argv);

// Checks that go beyond a single value's type; the messages name the variable.
std::vector<std::string> validate(const Config& config);

std::vector<std::string> split_list(const std::string& text);

}  // namespace portfolio::app
