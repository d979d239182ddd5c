#include "sim/sim_options.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace portfolio::sim {
namespace {

struct Parsed {
  std::variant<SimOptions, int> result;
  std::string out;
  std::string err;
};

Parsed parse(std::vector<const char*> args) {
  args.insert(args.begin(), "portfolio-sim");
  std::ostringstream out;
  std::ostringstream err;
  auto result = parse_options(static_cast<int>(args.size()), args.data(), out, err);
  return {std::move(result), out.str(), err.str()};
}

TEST(SimOptions, DefaultsMatchTheDocumentation) {
  const auto parsed = parse({});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed.result)) << parsed.err;
  const auto& options = std::get<SimOptions>(parsed.result);
  EXPECT_EQ(options.mode, Mode::live);
  EXPECT_EQ(options.interval, std::chrono::minutes(5));
  EXPECT_EQ(options.batch_size, 500u);
  EXPECT_EQ(options.connections, 16u);
  EXPECT_EQ(options.devices, 10u);
  EXPECT_FALSE(options.duration.has_value());
}

TEST(SimOptions, ReadsEveryFlag) {
  const auto parsed = parse({"--api-url",       "http://127.0.0.1:9000",
                             "--devices",       "3",
                             "--seed",          "7",
                             "--mode",          "backfill",
                             "--interval",      "1h",
                             "--days",          "2",
                             "--batch-size",    "50",
                             "--api-key",       "k",
                             "--end-time",      "1764324000000",
                             "--device-prefix", "lab-",
                             "--timeout",       "3s"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed.result)) << parsed.err;
  const auto& options = std::get<SimOptions>(parsed.result);
  EXPECT_EQ(options.api_url, "http://127.0.0.1:9000");
  EXPECT_EQ(options.devices, 3u);
  EXPECT_EQ(options.seed, 7u);
  EXPECT_EQ(options.mode, Mode::backfill);
  EXPECT_EQ(options.interval, std::chrono::hours(1));
  EXPECT_DOUBLE_EQ(options.days, 2);
  EXPECT_EQ(options.batch_size, 50u);
  EXPECT_EQ(options.api_key, "k");
  EXPECT_EQ(options.end_time_ms, 1'764'324'000'000);
  EXPECT_EQ(options.device_prefix, "lab-");
  EXPECT_EQ(options.timeout, std::chrono::seconds(3));
}

TEST(SimOptions, LiveModeTakesACompressedIntervalAndADuration) {
  const auto parsed = parse({"--interval", "2s", "--duration", "10s"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(parsed.result)) << parsed.err;
  EXPECT_EQ(std::get<SimOptions>(parsed.result).interval, std::chrono::seconds(2));
  EXPECT_EQ(std::get<SimOptions>(parsed.result).duration, std::chrono::seconds(10));
}

TEST(SimOptions, RejectsBadFlagsWithAUsageError) {
  const std::vector<std::vector<const char*>> bad = {
      {"--batch-size", "501"},
      {"--batch-size", "0"},
      {"--devices", "0"},
      {"--mode", "replay"},
      {"--interval", "5x"},
      {"--interval", "500ms"},
      {"--days", "-1"},
      {"--mode", "backfill", "--days", "0"},
      {"--device-prefix", "a b"},
      {"--mode", "backfill", "--end-time", "946684800000"},
      {"--unknown"},
  };
  for (const auto& args : bad) {
    const auto parsed = parse(args);
    ASSERT_TRUE(std::holds_alternative<int>(parsed.result)) << args.front();
    EXPECT_EQ(std::get<int>(parsed.result), kExitUsage) << args.front();
    EXPECT_FALSE(parsed.err.empty()) << args.front();
  }
}

TEST(SimOptions, HelpExitsCleanly) {
  const auto parsed = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<int>(parsed.result));
  EXPECT_EQ(std::get<int>(parsed.result), kExitOk);
  EXPECT_NE(parsed.out.find("--batch-size"), std::string::npos);
}

}  // namespace
}  // namespace portfolio::sim
