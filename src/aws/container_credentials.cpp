#include "aws/container_credentials.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "text/trim.hpp"

namespace portfolio::aws {
namespace {

namespace json = boost::json;

// Plain HTTP is only trusted on addresses that cannot leave the host or the task.
bool is_allowed_http_host(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "169.254.170.2" ||
         host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

const json::string* string_field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr ? value->if_string() : nullptr;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text) {
  std::tm parts{};
  int consumed = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                  &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
  if (rest.starts_with('.')) {
    rest.remove_prefix(std::min(rest.find_first_not_of("0123456789", 1), rest.size()));
  }
  if (rest != "Z" && rest != "+00:00") {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  const std::time_t seconds = timegm(&parts);
  if (seconds == -1) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(seconds);
}

domain::Result<Credentials> parse_container_credentials(std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return domain::Error::unavailable(
        "container credentials endpoint answered with something other than JSON");
  }
  const json::object& object = parsed.as_object();
  const auto* key = string_field(object, "AccessKeyId");
  const auto* secret = string_field(object, "SecretAccessKey");
  if (key == nullptr || secret == nullptr) {
    return domain::Error::unavailable(
        "container credentials endpoint answered without AccessKeyId/SecretAccessKey");
  }
  Credentials out{std::string(*key), std::string(*secret), std::nullopt, std::nullopt, "container"};
  if (const auto* token = string_field(object, "Token")) {
    out.session_token = std::string(*token);
  }
  if (const auto* expiration = string_field(object, "Expiration")) {
    out.expiration = parse_iso8601_utc(*expiration);
    if (!out.expiration) {
      return domain::Error::unavailable(
          "container credentials endpoint answered with an unreadable Expiration");
    }
  }
  return out;
}

ContainerCredentials::ContainerCredentials(Environment env, std::string relative_base)
    : env_(std::move(env)),
      relative_base_(std::move(relative_base)),
      http_(HttpTimeouts{std::chrono::milliseconds{1000}, std::chrono::milliseconds{3000}}) {}

domain::Result<std::string> ContainerCredentials::endpoint_url() const {
  if (auto relative = env_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    if (!relative->starts_with('/')) {
      return domain::Error::unavailable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with /");
    }
    return relative_base_ + *relative;
  }
  auto full = env_("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full) {
    return std::string{};
  }
  auto url = boost::urls::parse_absolute_uri(*full);
  if (!url) {
    return domain::Error::unavailable("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute URL");
  }
  const std::string scheme(url->scheme());
  std::string host(url->encoded_host_and_port());
  host = host.substr(0, url->has_port() ? host.rfind(':') : host.size());
  if (scheme == "http" && !is_allowed_http_host(host)) {
    return domain::Error::unavailable(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI over plain http must point at a loopback "
        "or ECS/EKS agent address");
  }
  if (scheme != "http" && scheme != "https") {
    return domain::Error::unavailable("AWS_CONTAINER_CREDENTIALS_FULL_URI must be http or https");
  }
  return *full;
}

domain::Result<std::optional<std::string>> ContainerCredentials::authorization_token() const {
  std::optional<std::string> token;
  if (auto file = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file);
    if (!in) {
      return domain::Error::unavailable("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
    }
    std::ostringstream text;
    text << in.rdbuf();
    token = std::string(text::trim(text.str()));
  } else {
    token = env_("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }
  if (token && token->find_first_of("\r\n") != std::string::npos) {
    return domain::Error::unavailable("the container authorization token contains a line break");
  }
  return token;
}

domain::Result<std::optional<Credentials>> ContainerCredentials::load() {
  auto url = endpoint_url();
  if (!url) {
    return url.error();
  }
  if (url->empty()) {
    return std::optional<Credentials>{};
  }
  auto token = authorization_token();
  if (!token) {
    return token.error();
  }
  HttpRequest request{"GET", *url, {{"Accept", "application/json"}}, {}};
  if (*token) {
    request.headers.emplace_back("Authorization", **token);
  }
  // The agent is local and normally instant; one quick second try covers a restart of it.
  auto response = http_.send(request);
  if (!response || response->status >= 500) {
    response = http_.send(request);
  }
  if (!response) {
    return domain::Error::unavailable("container credentials endpoint unreachable: " +
                                      response.error().message);
  }
  if (response->status != 200) {
    return domain::Error::unavailable("container credentials endpoint answered HTTP " +
                                      std::to_string(response->status));
  }
  auto credentials = parse_container_credentials(response->body);
  if (!credentials) {
    return credentials.error();
  }
  return std::optional<Credentials>{std::move(*credentials)};
}

}  // namespace portfolio::aws
