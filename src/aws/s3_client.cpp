#include "aws/s3_client.hpp"

#include <openssl/evp.h>

#include <boost/url/parse.hpp>
#include <random>
#include <stdexcept>
#include <thread>

#include "aws/crypto.hpp"

namespace portfolio::aws {
namespace {

std::mt19937_64& thread_random() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

bool is_retryable(const AwsError& error) {
  return error.kind == AwsError::Kind::throttled || error.kind == AwsError::Kind::unavailable;
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const auto end = text.find(';', i);
    const auto entity = end == std::string_view::npos ? std::string_view() : text.substr(i + 1, end - i - 1);
    if (entity == "amp")
      out.push_back('&');
    else if (entity == "lt")
      out.push_back('<');
    else if (entity == "gt")
      out.push_back('>');
    else if (entity == "quot")
      out.push_back('"');
    else if (entity == "apos")
      out.push_back('\'');
    else {
      out.push_back('&');
      continue;
    }
    i = end;
  }
  return out;
}

}  // namespace

std::vector<std::string> xml_values(std::string_view xml, std::string_view tag) {
  std::vector<std::string> values;
  std::string open = "<";
  open.append(tag).append(">");
  std::string close = "</";
  close.append(tag).append(">");
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
    const auto start = at + open.size();
    const auto end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    values.push_back(decode_entities(xml.substr(start, end - start)));
    at = end + close.size();
  }
  return values;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

AwsError parse_s3_error(long http_status, std::string_view body) {
  AwsError error;
  error.http_status = http_status;
  if (auto codes = xml_values(body, "Code"); !codes.empty()) error.type = codes.front();
  if (auto messages = xml_values(body, "Message"); !messages.empty()) error.message = messages.front();
  if (error.type.empty() && http_status == 404) error.type = "NoSuchKey";  // HEAD-like answers, no body
  if (error.type.empty() && http_status == 412) error.type = "PreconditionFailed";
  if (http_status == 503 || error.type == "SlowDown" || is_throttling_error_type(error.type)) {
    error.kind = AwsError::Kind::throttled;
  } else if (http_status >= 500 || is_retryable_error_type(error.type)) {
    error.kind = AwsError::Kind::unavailable;
  }
  if (error.message.empty()) {
    error.message = "HTTP " + std::to_string(http_status) + (error.type.empty() ? "" : " " + error.type);
  }
  return error;
}

S3Client::S3Client(S3ClientOptions options, std::shared_ptr<CredentialsProvider> credentials)
    : options_(std::move(options)),
      credentials_(std::move(credentials)),
      path_style_(options_.endpoint.has_value()),
      http_(options_.timeouts),
      sleep_([](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }) {
  if (path_style_) {
    auto url = boost::urls::parse_absolute_uri(*options_.endpoint);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty()) {
      throw std::invalid_argument("S3 endpoint is not an http(s) URL: " + *options_.endpoint);
    }
    host_ = std::string(url->encoded_host_and_port());
    scheme_host_ = std::string(url->scheme()) + "://" + host_;
  }
}

boost::system::result<HttpResponse, AwsError> S3Client::put_object(const std::string& bucket,
                                                                   const std::string& key,
                                                                   std::string_view body,
                                                                   const S3PutOptions& options) {
  Call call{"PUT", bucket, key, {}, {}, body};
  if (!options.content_type.empty()) call.headers.emplace_back("Content-Type", options.content_type);
  call.headers.emplace_back("x-amz-checksum-sha256", base64(as_view(sha256(body))));
  if (!options.kms_key_id.empty()) {
    call.headers.emplace_back("x-amz-server-side-encryption", "aws:kms");
    call.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", options.kms_key_id);
  }
  for (const auto& [name, value] : options.metadata) call.headers.emplace_back("x-amz-meta-" + name, value);
  return send(call);
}

boost::system::result<HttpResponse, AwsError> S3Client::get_object(const std::string& bucket,
                                                                   const std::string& key,
                                                                   const S3GetOptions& options) {
  Call call{"GET", bucket, key, {}, {}, {}};
  if (options.range) {
    call.headers.emplace_back("Range", "bytes=" + std::to_string(options.range->first) + "-" +
                                           std::to_string(options.range->second));
  }
  if (!options.if_match.empty()) call.headers.emplace_back("If-Match", options.if_match);
  if (!options.version_id.empty()) call.query.emplace_back("versionId", options.version_id);
  return send(call);
}

boost::system::result<void, AwsError> S3Client::delete_object(const std::string& bucket,
                                                              const std::string& key) {
  auto response = send(Call{"DELETE", bucket, key, {}, {}, {}});
  if (!response) return response.error();
  return {};
}

boost::system::result<void, AwsError> S3Client::create_bucket(const std::string& bucket) {
  auto response = send(Call{"PUT", bucket, "", {}, {}, {}});
  if (!response) return response.error();
  return {};
}

boost::system::result<S3ListPage, AwsError> S3Client::list_objects(const std::string& bucket,
                                                                   const std::string& prefix,
                                                                   const std::optional<std::string>& token) {
  Call call{"GET", bucket, "", {{"list-type", "2"}, {"prefix", prefix}}, {}, {}};
  if (token) call.query.emplace_back("continuation-token", *token);
  auto response = send(call);
  if (!response) return response.error();
  S3ListPage page;
  page.keys = xml_values(response->body, "Key");
  page.etags = xml_values(response->body, "ETag");
  const auto truncated = xml_values(response->body, "IsTruncated");
  const auto next = xml_values(response->body, "NextContinuationToken");
  if (!truncated.empty() && truncated.front() == "true" && !next.empty()) page.next_token = next.front();
  return page;
}

boost::system::result<HttpResponse, AwsError> S3Client::send(const Call& call) {
  for (int attempt_number = 1;; ++attempt_number) {
    auto result = attempt(call);
    if (result || !is_retryable(result.error()) || attempt_number >= options_.retry.max_attempts) {
      return result;
    }
    sleep_(options_.retry.backoff(attempt_number - 1, thread_random()));
  }
}

boost::system::result<HttpResponse, AwsError> S3Client::attempt(const Call& call) {
  auto credentials = credentials_->get();
  if (!credentials) {
    return AwsError{AwsError::Kind::credentials, "", credentials.error().message, 0, {}};
  }
  std::string host = host_;
  std::string base = scheme_host_;
  std::string path = "/" + call.key;
  if (path_style_) {
    path = "/" + call.bucket + (call.key.empty() ? "" : "/" + call.key);
  } else {
    host = call.bucket + ".s3." + options_.region + ".amazonaws.com";
    base = "https://" + host;
  }
  HttpRequest request{call.method, base + uri_encode(path, true), {{"Host", host}}, std::string(call.body)};
  for (const auto& header : call.headers) request.headers.push_back(header);
  if (!call.query.empty()) request.url += "?" + canonical_query(call.query);

  SigningParams params{options_.region, "s3", std::chrono::system_clock::now()};
  params.normalize_path = false;
  params.sign_body = true;
  SignedRequest signed_request = signer_.sign(
      RequestToSign{call.method, path, call.query, request.headers, call.body}, *credentials, params);
  for (auto& header : signed_request.headers_to_add) request.headers.push_back(std::move(header));

  auto response = http_.send(request);
  if (!response) {
    return AwsError{AwsError::Kind::unavailable,
                    response.error().timed_out ? "Timeout" : "NetworkError",
                    "S3 at " + host + ": " + response.error().message,
                    0,
                    {}};
  }
  if (response->status < 200 || response->status >= 300)
    return parse_s3_error(response->status, response->body);
  return std::move(*response);
}

}  // namespace portfolio::aws
