// The credentials chain: environment, ECS container endpoint (a loopback server stands in for the
// agent), shared files with profiles, caching and refresh before expiration.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include "aws/container_credentials.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/environment_credentials.hpp"
#include "aws/profile_credentials.hpp"
#include "loopback_http_server.hpp"

namespace portfolio::aws {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing_support::json_response;
using testing_support::LoopbackHttpServer;
using testing_support::TestRequest;

Environment fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

std::string iso8601(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("portfolio-creds-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// ---- environment -------------------------------------------------------------------------------

TEST(EnvironmentCredentialsTest, ReadsKeysAndOptionalToken) {
  EnvironmentCredentials source(
      fake_env({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"AWS_SESSION_TOKEN", "t"}}));
  auto loaded = source.load();
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->access_key_id, "AKID");
  EXPECT_EQ((*loaded)->session_token, "t");
  EnvironmentCredentials half(fake_env({{"AWS_ACCESS_KEY_ID", "AKID"}}));
  auto none = half.load();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

// ---- shared files ------------------------------------------------------------------------------

TEST(ProfileCredentialsTest, ReadsTheNamedProfileFromCredentialsThenConfig) {
  TempDir dir;
  const auto credentials = dir.write("credentials", R"(# comment
[default]
aws_access_key_id = DEFAULTKEY
aws_secret_access_key = defaultsecret

[dev]
aws_access_key_id=DEVKEY
aws_secret_access_key=devsecret
aws_session_token = devtoken
)");
  const auto config = dir.write("config", R"([default]
region = ap-northeast-1
[profile ops]
aws_access_key_id = OPSKEY
aws_secret_access_key = opssecret
s3 =
    max_concurrent_requests = 20
)");
  auto env = [&](std::string profile) {
    std::map<std::string, std::string> vars{{"AWS_SHARED_CREDENTIALS_FILE", credentials.string()},
                                            {"AWS_CONFIG_FILE", config.string()}};
    if (!profile.empty()) vars["AWS_PROFILE"] = profile;
    return fake_env(vars);
  };
  auto by_default = ProfileCredentials(env("")).load();
  ASSERT_TRUE(by_default && *by_default);
  EXPECT_EQ((*by_default)->access_key_id, "DEFAULTKEY");
  EXPECT_FALSE((*by_default)->session_token);

  auto dev = ProfileCredentials(env("dev")).load();
  ASSERT_TRUE(dev && *dev);
  EXPECT_EQ((*dev)->secret_access_key, "devsecret");
  EXPECT_EQ((*dev)->session_token, "devtoken");

  auto ops = ProfileCredentials(env("ops")).load();  // only in config, as [profile ops]
  ASSERT_TRUE(ops && *ops);
  EXPECT_EQ((*ops)->access_key_id, "OPSKEY");

  ProfileCredentials missing(env("nope"));
  auto none = missing.load();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  EXPECT_NE(missing.not_configured().find("'nope'"), std::string::npos);
}

TEST(ProfileCredentialsTest, DefaultsToTheFilesUnderHome) {
  TempDir home;
  fs::create_directories(home.path() / ".aws");
  home.write(".aws/credentials", "[default]\naws_access_key_id = HOMEKEY\naws_secret_access_key = x\n");
  auto loaded = ProfileCredentials(fake_env({{"HOME", home.path().string()}})).load();
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->access_key_id, "HOMEKEY");
}

// ---- ECS container endpoint --------------------------------------------------------------------

TEST(ContainerCredentialsTest, FetchesFromTheRelativeUriWithTheAuthorizationToken) {
  std::string seen_path;
  std::string seen_authorization;
  LoopbackHttpServer agent([&](const TestRequest& request) {
    seen_path = std::string(request.target());
    seen_authorization = std::string(request["Authorization"]);
    return json_response(200, R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"ecssecret","Token":"ecstoken",
      "Expiration":"2030-01-01T00:00:00Z","RoleArn":"arn:aws:iam::123456789012:role/portfolio-task"})");
  });
  ContainerCredentials source(fake_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer xyz"}}),
                              agent.url());
  auto loaded = source.load();
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(*loaded);
  EXPECT_EQ(seen_path, "/v2/credentials/abc");
  EXPECT_EQ(seen_authorization, "Bearer xyz");
  EXPECT_EQ((*loaded)->access_key_id, "ASIAECS");
  EXPECT_EQ((*loaded)->session_token, "ecstoken");
  EXPECT_EQ((*loaded)->expiration, parse_iso8601_utc("2030-01-01T00:00:00Z"));
}

TEST(ContainerCredentialsTest, FullUriWithTokenFile) {
  TempDir dir;
  const auto token_file = dir.write("token", "file-token\n");
  std::string seen_authorization;
  LoopbackHttpServer agent([&](const TestRequest& request) {
    seen_authorization = std::string(request["Authorization"]);
    return json_response(200, R"({"AccessKeyId":"ASIAFULL","SecretAccessKey":"s","Token":"t",
      "Expiration":"2030-01-01T00:00:00.000Z"})");
  });
  ContainerCredentials source(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds"},
                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()},
                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored"}}));
  auto loaded = source.load();
  ASSERT_TRUE(loaded && *loaded) << (loaded ? "" : loaded.error().message);
  EXPECT_EQ((*loaded)->access_key_id, "ASIAFULL");
  EXPECT_EQ(seen_authorization, "file-token");  // the file wins, trimmed
}

TEST(ContainerCredentialsTest, RefusesPlainHttpToOtherHostsAndReportsFailures) {
  auto remote =
      ContainerCredentials(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://198.51.100.7/creds"}}))
          .load();
  ASSERT_FALSE(remote);
  EXPECT_NE(remote.error().message.find("loopback"), std::string::npos);

  LoopbackHttpServer broken([](const TestRequest&) { return json_response(500, "{}"); });
  auto failed =
      ContainerCredentials(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", broken.url() + "/c"}})).load();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, domain::ErrorCode::storage_unavailable);
  EXPECT_NE(failed.error().message.find("500"), std::string::npos);

  auto absent = ContainerCredentials(fake_env({})).load();
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
}

// ---- the chain ---------------------------------------------------------------------------------

TEST(CredentialsChainTest, EnvironmentComesFirst) {
  TempDir dir;
  const auto file =
      dir.write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = x\n");
  auto chain = default_credentials_chain(fake_env({{"AWS_ACCESS_KEY_ID", "ENVKEY"},
                                                   {"AWS_SECRET_ACCESS_KEY", "y"},
                                                   {"AWS_SHARED_CREDENTIALS_FILE", file.string()}}));
  auto got = chain->get();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->access_key_id, "ENVKEY");
  EXPECT_EQ(got->source, "environment");

  auto files_only = default_credentials_chain(fake_env({{"AWS_SHARED_CREDENTIALS_FILE", file.string()}}));
  auto from_file = files_only->get();
  ASSERT_TRUE(from_file);
  EXPECT_EQ(from_file->access_key_id, "FILEKEY");
}

TEST(CredentialsChainTest, ContainerComesBeforeTheSharedFiles) {
  TempDir dir;
  const auto file =
      dir.write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = x\n");
  LoopbackHttpServer agent([](const TestRequest&) {
    return json_response(
        200,
        R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"})");
  });
  auto chain = default_credentials_chain(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/c"},
                                                   {"AWS_SHARED_CREDENTIALS_FILE", file.string()}}));
  auto got = chain->get();
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->access_key_id, "ASIAECS");
}

TEST(CredentialsChainTest, NamesEverythingItTriedWhenNothingIsFound) {
  TempDir empty_home;
  auto chain = default_credentials_chain(fake_env({{"HOME", empty_home.path().string()}}));
  auto got = chain->get();
  ASSERT_FALSE(got);
  const std::string& message = got.error().message;
  EXPECT_NE(message.find("no AWS credentials found"), std::string::npos) << message;
  EXPECT_NE(message.find("AWS_ACCESS_KEY_ID"), std::string::npos) << message;
  EXPECT_NE(message.find("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), std::string::npos) << message;
  EXPECT_NE(message.find(".aws/credentials"), std::string::npos) << message;
}

TEST(CredentialsChainTest, RefreshesTemporaryCredentialsBeforeTheyExpire) {
  auto now = std::chrono::system_clock::now();
  std::atomic<int> fetches{0};
  std::mutex expiry_mutex;
  auto expiry = now + 10min;
  LoopbackHttpServer agent([&](const TestRequest&) {
    const int n = ++fetches;
    std::lock_guard lock(expiry_mutex);
    return json_response(200, R"({"AccessKeyId":"ASIA)" + std::to_string(n) +
                                  R"(","SecretAccessKey":"s","Token":"t","Expiration":")" + iso8601(expiry) +
                                  "\"}");
  });
  std::vector<std::unique_ptr<CredentialsSource>> sources;
  sources.push_back(std::make_unique<ContainerCredentials>(
      fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/c"}})));
  CredentialsChain chain(std::move(sources), 5min, [&] { return now; });

  ASSERT_EQ(chain.get()->access_key_id, "ASIA1");
  now += 4min;  // 6 minutes left: still cached
  ASSERT_EQ(chain.get()->access_key_id, "ASIA1");
  EXPECT_EQ(fetches.load(), 1);

  {
    std::lock_guard lock(expiry_mutex);
    expiry = now + 1h;
  }
  now += 2min;  // 4 minutes left: inside the refresh window
  EXPECT_EQ(chain.get()->access_key_id, "ASIA2");
  EXPECT_EQ(fetches.load(), 2);

  // Many threads at once share one cached answer.
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back([&] { EXPECT_EQ(chain.get()->access_key_id, "ASIA2"); });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(fetches.load(), 2);
}

TEST(CredentialsChainTest, KeepsValidCredentialsWhenARefreshFails) {
  auto now = std::chrono::system_clock::now();
  std::atomic<bool> agent_up{true};
  const auto expiry = now + 10min;
  LoopbackHttpServer agent([&](const TestRequest&) {
    if (!agent_up) return json_response(500, "{}");
    return json_response(200, R"({"AccessKeyId":"ASIAOLD","SecretAccessKey":"s","Token":"t","Expiration":")" +
                                  iso8601(expiry) + "\"}");
  });
  std::vector<std::unique_ptr<CredentialsSource>> sources;
  sources.push_back(std::make_unique<ContainerCredentials>(
      fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/c"}})));
  CredentialsChain chain(std::move(sources), 5min, [&] { return now; });
  ASSERT_TRUE(chain.get());
  agent_up = false;
  now += 7min;  // in the refresh window, not yet expired
  auto still = chain.get();
  ASSERT_TRUE(still);
  EXPECT_EQ(still->access_key_id, "ASIAOLD");
  now += 5min;  // expired, and the agent still fails
  EXPECT_FALSE(chain.get());
}

TEST(ContainerCredentialsTest, ParsesIso8601) {
  EXPECT_TRUE(parse_iso8601_utc("2026-11-28T10:00:00Z"));
  EXPECT_TRUE(parse_iso8601_utc("2026-11-28T10:00:00.123Z"));
  EXPECT_FALSE(parse_iso8601_utc("2026-11-28 10:00"));
  EXPECT_FALSE(parse_iso8601_utc("2026-11-28T10:00:00+09:00"));
  EXPECT_EQ(*parse_iso8601_utc("1970-01-01T00:01:00Z"), std::chrono::system_clock::time_point{60s});
}

}  // namespace
}  // namespace portfolio::aws
