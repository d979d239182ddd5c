#include "app/config.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>

#include "http/client_address.hpp"
#include "logging/logger.hpp"

namespace portfolio::app {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return items;
}

ParseOutcome parse_command_line(int argc, char** argv) {
  Invocation inv;
  auto& c = inv.config;
  CLI::App cli{"portfolio-api: IoT readings and user management REST API"};
  cli.set_version_flag("--version", PORTFOLIO_VERSION);

  const auto option = [&](const std::string& flag, auto& value, const std::string& env,
                          const std::string& help) {
    return cli.add_option(flag, value, help)->envname(env)->capture_default_str();
  };
  option("--host", c.host, "HOST", "address to listen on");
  option("--port", c.port, "PORT", "TCP port to listen on");
  option("--io-threads", c.io_threads, "IO_THREADS",
         "I/O threads (0: the CPUs the process may use, from its affinity mask and cgroup CPU quota)");
  option("--max-connections", c.max_connections, "MAX_CONNECTIONS",
         "open connections served at once; beyond it a new connection gets a 503 (0: from the "
         "file-descriptor limit)");
  option("--storage-threads", c.storage_threads, "STORAGE_THREADS", "threads for blocking storage calls")
      ->check(CLI::Range(1U, 1024U));
  option("--static-dir", c.static_dir, "STATIC_DIR", "serve the dashboard from this directory");
  option("--log-level", c.log_level, "LOG_LEVEL", "debug, info, warn or error");
  option("--access-log", c.access_log, "ACCESS_LOG", "log one line per request");
  option("--storage", c.storage, "STORAGE", "sqlite, dynamodb or memory")
      ->check(CLI::IsMember({"sqlite", "dynamodb", "memory"}));
  option("--sqlite-path", c.sqlite_path, "SQLITE_PATH", "SQLite database file");
  option("--aws-region", c.aws_region, "AWS_REGION", "AWS region of the DynamoDB tables");
  option("--dynamodb-endpoint", c.dynamodb_endpoint, "DYNAMODB_ENDPOINT",
         "DynamoDB endpoint override (local emulators)");
  option("--users-table", c.users_table, "DYNAMODB_USERS_TABLE", "DynamoDB users table");
  option("--uniques-table", c.uniques_table, "DYNAMODB_UNIQUES_TABLE",
         "DynamoDB username/e-mail uniqueness table");
  option("--metrics-table", c.metrics_table, "DYNAMODB_METRICS_TABLE", "DynamoDB readings table");
  option("--devices-table", c.devices_table, "DYNAMODB_DEVICES_TABLE",
         "DynamoDB latest-reading-per-device table");
  option("--image-store", c.image_store, "IMAGE_STORE", "where images are kept: local or s3")
      ->check(CLI::IsMember({"local", "s3"}));
  option("--images-dir", c.images_dir, "IMAGES_DIR",
         "local image folder (default: images/ beside SQLITE_PATH)");
  option("--images-bucket", c.images_bucket, "IMAGES_BUCKET", "S3 bucket of the images");
  option("--images-prefix", c.images_prefix, "IMAGES_PREFIX", "key prefix of the images in the bucket");
  option("--images-kms-key-id", c.images_kms_key_id, "IMAGES_KMS_KEY_ID", "KMS key for SSE-KMS on uploads");
  option("--images-endpoint", c.images_endpoint, "IMAGES_ENDPOINT", "S3 endpoint override (emulators)");
  option(
      "--images-public-base-url", c.images_public_base_url, "IMAGES_PUBLIC_BASE_URL",
      "where image_url points: /path/ or https://host/path/ (the keys under IMAGES_PREFIX); empty: the API");
  option("--device-offline-after-seconds", c.device_offline_after_seconds, "DEVICE_OFFLINE_AFTER_SECONDS",
         "a device is offline when its newest reading is older than this")
      ->check(CLI::Range(1U, 31'536'000U));
  option("--low-battery-percent", c.low_battery_percent, "LOW_BATTERY_PERCENT",
         "battery_level below this counts as low battery")
      ->check(CLI::Range(0.0, 100.0));
  option("--readings-retention-days", c.readings_retention_days, "READINGS_RETENTION_DAYS",
         "delete readings older than this many days (0: keep forever; rollups are kept)")
      ->check(CLI::Range(0U, 36'500U));
  option("--rate-limit-enabled", c.rate_limit_enabled, "RATE_LIMIT_ENABLED", "per-client-IP rate limits");
  option("--rate-limit-per-minute", c.rate_limit_per_minute, "RATE_LIMIT_PER_MINUTE",
         "general requests per minute per IP");
  option("--rate-limit-ingest-per-minute", c.rate_limit_ingest_per_minute, "RATE_LIMIT_INGEST_PER_MINUTE",
         "metric ingestion requests per minute per IP");
  option("--trusted-proxies", c.trusted_proxies, "TRUSTED_PROXIES",
         "CIDRs whose X-Forwarded-For is believed");
  option("--origin-verify-secret", c.origin_verify_secret, "ORIGIN_VERIFY_SECRET",
         "X-Origin-Verify value that proves a request came through CloudFront");
  option("--api-keys", c.api_keys, "API_KEYS", "comma-separated keys required in X-API-Key on writes");
  option("--cors-origins", c.cors_origins, "CORS_ORIGINS", "comma-separated allowed origins, or *");
  option("--cursor-secret", c.cursor_secret, "CURSOR_SECRET", "key that seals pagination cursors");
  option("--shutdown-grace-seconds", c.shutdown_grace_seconds, "SHUTDOWN_GRACE_SECONDS",
         "keep serving this long after SIGTERM")
      ->check(CLI::Range(0.0, 300.0));
  option("--shutdown-timeout-seconds", c.shutdown_timeout_seconds, "SHUTDOWN_TIMEOUT_SECONDS",
         "then finish in-flight requests within this")
      ->check(CLI::Range(0.0, 300.0));
  option("--metrics-flush-seconds", c.metrics_flush_seconds, "METRICS_FLUSH_SECONDS",
         "CloudWatch EMF flush interval")
      ->check(CLI::Range(1.0, 3600.0));
  option("--idle-timeout-seconds", c.idle_timeout_seconds, "IDLE_TIMEOUT_SECONDS",
         "close a connection idle (or mid-request) this long")
      ->check(CLI::Range(1, 3600));

  cli.add_subcommand("serve", "run the API (the default)");
  auto* health = cli.add_subcommand("healthcheck", "exit 0 if GET /health on 127.0.0.1:PORT answers 200");
  auto* tables = cli.add_subcommand("create-tables", "create the DynamoDB tables on the configured endpoint");
  cli.require_subcommand(0, 1);
  cli.fallthrough();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return {std::nullopt, cli.exit(e)};
  }
  if (health->parsed()) inv.command = Command::healthcheck;
  if (tables->parsed()) inv.command = Command::create_tables;
  return {inv, 0};
}

std::vector<std::string> validate(const Config& c) {
  std::vector<std::string> errors;
  if (!logging::parse_level(c.log_level)) errors.push_back("LOG_LEVEL must be debug, info, warn or error");
  if (!http::TrustedProxies::parse(c.trusted_proxies)) {
    errors.push_back("TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDRs");
  }
  if (!c.origin_verify_secret.empty() && c.origin_verify_secret.size() < 16) {
    errors.push_back("ORIGIN_VERIFY_SECRET must be at least 16 characters");
  }
  if (!c.origin_verify_secret.empty() && c.trusted_proxies.empty()) {
    errors.push_back("ORIGIN_VERIFY_SECRET needs TRUSTED_PROXIES (the load balancer's addresses)");
  }
  if (c.storage == "sqlite" && c.sqlite_path.empty()) errors.push_back("SQLITE_PATH must not be empty");
  if (c.storage == "dynamodb" && c.aws_region.empty())
    errors.push_back("AWS_REGION must be set for DynamoDB");
  if (c.image_store == "s3" && c.images_bucket.empty())
    errors.push_back("IMAGES_BUCKET must be set when IMAGE_STORE=s3");
  if (const auto& base = c.images_public_base_url;
      !base.empty() && (!base.ends_with('/') || !(base.starts_with('/') || base.starts_with("https://") ||
                                                  base.starts_with("http://")))) {
    errors.push_back("IMAGES_PUBLIC_BASE_URL must start with /, http:// or https:// and end with / (got " +
                     base + ")");
  }
  if (c.rate_limit_per_minute == 0 || c.rate_limit_ingest_per_minute == 0) {
    errors.push_back(
        "rate limits must be at least 1 per minute (RATE_LIMIT_ENABLED=false switches them off)");
  }
  for (const auto& origin : split_list(c.cors_origins)) {
    if (origin != "*" && origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      errors.push_back("CORS_ORIGINS entries must be * or start with http:// or https:// (got " + origin +
                       ")");
    }
  }
  return errors;
}

}  // namespace portfolio::app
