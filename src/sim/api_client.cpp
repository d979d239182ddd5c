#include "sim/api_client.hpp"

#include <curl/curl.h>

#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace portfolio::sim {
namespace {

constexpr std::chrono::milliseconds kConnectTimeout{3'000};
constexpr std::size_t kMaxResponseBytes = std::size_t{4} * 1024 * 1024;

struct ResponseSink {
  std::string body;
  std::optional<long> retry_after;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  const std::size_t bytes = size * count;
  if (sink->body.size() + bytes > kMaxResponseBytes) {
    sink->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(data, bytes);
  return bytes;
}

// Only Retry-After matters here: it tells how long to wait after a 429 or a 503.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool matches = true;
    for (std::size_t i = 0; i < kName.size() && matches; ++i) {
      matches = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
    }
    if (matches) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
      }
      long seconds = 0;
      if (std::from_chars(value.data(), value.data() + value.size(), seconds).ec == std::errc{}) {
        sink->retry_after = seconds;
      }
    }
  }
  return size * count;
}

}  // namespace

struct ApiClient::Curl {
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  std::array<char, CURL_ERROR_SIZE> error{};
};

ApiClient::ApiClient(Options options) : options_(std::move(options)), curl_(std::make_unique<Curl>()) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
  curl_->handle = curl_easy_init();
  if (curl_->handle == nullptr) {
    throw std::runtime_error("libcurl could not create a handle");
  }
  curl_->headers = curl_slist_append(curl_->headers, "Accept: application/json");
  curl_->headers = curl_slist_append(curl_->headers, "Content-Type: application/json");
  if (!options_.api_key.empty()) {
    curl_->headers = curl_slist_append(curl_->headers, ("X-API-Key: " + options_.api_key).c_str());
  }
  CURL* h = curl_->handle;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, curl_->headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "portfolio-sim");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM, which would hit our own handlers
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(kConnectTimeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_->error.data());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
}

ApiClient::~ApiClient() {
  curl_easy_cleanup(curl_->handle);
  curl_slist_free_all(curl_->headers);
}

ApiResponse ApiClient::get(std::string_view path) {
  return perform(path, nullptr);
}

ApiResponse ApiClient::post_json(std::string_view path, const std::string& body) {
  return perform(path, &body);
}

ApiResponse ApiClient::perform(std::string_view path, const std::string* body) {
  CURL* h = curl_->handle;
  const std::string url = options_.base_url + std::string(path);
  ResponseSink sink;
  curl_->error[0] = '\0';
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
  if (body != nullptr) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }

  ApiResponse response;
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    response.transport_error = curl_->error[0] != '\0' ? curl_->error.data() : curl_easy_strerror(code);
    if (sink.too_large) {
      response.transport_error = "response larger than 4 MiB";
    }
    return response;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(sink.body);
  response.retry_after_seconds = sink.retry_after;
  return response;
}

}  // namespace portfolio::sim
