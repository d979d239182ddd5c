// portfolio-api: the REST API for users and IoT sensor readings.
#include <csignal>
#include <exception>
#include <iostream>

#include "app/config.hpp"
#include "app/healthcheck.hpp"
#include "app/service.hpp"
#include "app/store_factory.hpp"
#include "logging/logger.hpp"

namespace {

int fail(const std::string& message) {
  portfolio::logging::error("startup failed", {{"error", message}});
  portfolio::logging::shutdown();
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace portfolio;
  // A client that disconnects mid-write must not end the process.
  std::signal(SIGPIPE, SIG_IGN);

  auto parsed = app::parse_command_line(argc, argv);
  if (!parsed.invocation) return parsed.exit_code;
  const auto& config = parsed.invocation->config;

  if (parsed.invocation->command == app::Command::healthcheck) return app::run_healthcheck(config.port);

  if (const auto errors = app::validate(config); !errors.empty()) {
    for (const auto& e : errors) std::cerr << "configuration error: " << e << "\n";
    return 2;
  }
  logging::init(*logging::parse_level(config.log_level));

  if (parsed.invocation->command == app::Command::create_tables) {
    auto created = app::create_dynamodb_tables(config);
    if (!created) return fail(created.error().message);
    logging::info("tables ready", {{"endpoint", config.dynamodb_endpoint}});
    logging::shutdown();
    return 0;
  }

  try {
    auto store = app::open_store(config);
    if (!store) return fail(store.error().message);
    auto images = app::open_image_store(config);
    if (!images) return fail(images.error().message);
    app::Service service(config, std::move(*store), std::move(*images));
    const int code = service.run();
    logging::shutdown();
    return code;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}
