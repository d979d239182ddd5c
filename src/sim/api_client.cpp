#include "sim/api_client.hpp"

#include <charconv>

#include "text/trim.hpp"

namespace portfolio::sim {
namespace {

constexpr std::chrono::milliseconds kConnectTimeout{3'000};
constexpr std::size_t kMaxResponseBytes = std::size_t{4} * 1024 * 1024;

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Retry-After in seconds (the API sends it with 429 and 503); the HTTP-date form is not used.
std::optional<long> retry_after(const aws::HttpResponse& response) {
  const std::string* value = response.header("retry-after");
  if (value == nullptr) return std::nullopt;
  long seconds = 0;
  const auto text = text::trim(*value);
  if (std::from_chars(text.data(), text.data() + text.size(), seconds).ec != std::errc{}) return std::nullopt;
  return seconds;
}

}  // namespace

ApiClient::ApiClient(Options options)
    : options_{without_trailing_slashes(std::move(options.base_url)), std::move(options.api_key),
               options.timeout},
      http_(
          {.connect = kConnectTimeout, .total = options_.timeout, .max_response_bytes = kMaxResponseBytes}) {}

ApiResponse ApiClient::get(std::string_view path) {
  return perform("GET", path, {});
}

ApiResponse ApiClient::post_json(std::string_view path, const std::string& body) {
  return perform("POST", path, body);
}

ApiResponse ApiClient::perform(std::string method, std::string_view path, std::string body) {
  aws::HttpRequest request{std::move(method), options_.base_url + std::string(path), {}, std::move(body)};
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("User-Agent", "portfolio-sim");
  if (request.method == "POST") request.headers.emplace_back("Content-Type", "application/json");
  if (!options_.api_key.empty()) request.headers.emplace_back("X-API-Key", options_.api_key);

  ApiResponse out;
  auto sent = http_.send(request);
  if (!sent) {
    out.transport_error = sent.error().message;
    return out;
  }
  out.status = sent->status;
  out.retry_after_seconds = retry_after(*sent);
  out.body = std::move(sent->body);
  return out;
}

}  // namespace portfolio::sim
