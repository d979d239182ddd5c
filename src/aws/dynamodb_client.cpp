#include "aws/dynamodb_client.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <random>
#include <thread>

namespace portfolio::aws {
namespace {

namespace json = boost::json;

std::mt19937_64& thread_random() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

bool is_retryable(const AwsError& error) {
  return error.kind == AwsError::Kind::throttled || error.kind == AwsError::Kind::unavailable;
}

// Errors about who is calling, or what the endpoint offers, not about the request's data: retrying
// or changing the item would not help. Authentication (rejected or expired keys, bad signatures),
// authorization (an IAM policy without the action) and operations an emulator lacks.
bool is_refusal_error_type(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "UnrecognizedClientException",  "InvalidSignatureException",
      "IncompleteSignatureException", "MissingAuthenticationTokenException",
      "MissingAuthenticationToken",   "InvalidClientTokenId",
      "ExpiredTokenException",        "ExpiredToken",
      "SignatureDoesNotMatch",        "AuthFailure",
      "AccessDeniedException",        "AccessDenied",
      "UnknownOperationException"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

// The text between <tag> and </tag>, for the XML error bodies some endpoints send (moto's
// authentication errors); empty when absent.
std::string xml_element(std::string_view body, std::string_view tag) {
  const auto open = body.find(tag);
  if (open == std::string_view::npos || open == 0 || body[open - 1] != '<' ||
      open + tag.size() >= body.size() || body[open + tag.size()] != '>') {
    return {};
  }
  const auto start = open + tag.size() + 1;
  const auto end = body.find("</", start);
  if (end == std::string_view::npos || body.substr(end + 2, tag.size()) != tag) return {};
  return std::string(body.substr(start, end - start));
}

}  // namespace

AwsError parse_aws_error(long http_status, std::string_view body) {
  AwsError error;
  error.http_status = http_status;
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const json::object& object = parsed.as_object();
    if (const auto* type = object.if_contains("__type"); type != nullptr && type->is_string()) {
      const std::string_view full = type->as_string();
      error.type =
          std::string(full.substr(full.find('#') == std::string_view::npos ? 0 : full.find('#') + 1));
    }
    for (const char* key : {"message", "Message"}) {
      if (const auto* message = object.if_contains(key); message != nullptr && message->is_string()) {
        error.message = std::string(message->as_string());
      }
    }
    if (const auto* reasons = object.if_contains("CancellationReasons");
        reasons != nullptr && reasons->is_array()) {
      for (const auto& reason : reasons->as_array()) {
        const json::value* code = reason.is_object() ? reason.as_object().if_contains("Code") : nullptr;
        error.cancellation_reasons.emplace_back(
            code != nullptr && code->is_string() ? code->as_string().c_str() : "None");
      }
    }
  }
  if (ec && error.type.empty()) {
    error.type = xml_element(body, "Code");
    error.message = xml_element(body, "Message");
  }
  if (is_throttling_error_type(error.type)) {
    error.kind = AwsError::Kind::throttled;
  } else if (is_refusal_error_type(error.type) || http_status == 401 || http_status == 403) {
    error.kind = AwsError::Kind::refused;
  } else if (http_status >= 500 || is_retryable_error_type(error.type)) {
    error.kind = AwsError::Kind::unavailable;
  } else if (error.type.empty()) {
    error.kind = AwsError::Kind::protocol;
  }
  if (error.message.empty()) {
    error.message = "HTTP " + std::to_string(http_status) + (error.type.empty() ? "" : " " + error.type);
  }
  return error;
}

DynamoDbClient::DynamoDbClient(DynamoDbClientOptions options,
                               std::shared_ptr<CredentialsProvider> credentials)
    : options_(std::move(options)),
      credentials_(std::move(credentials)),
      endpoint_(options_.endpoint.value_or("https://dynamodb." + options_.region + ".amazonaws.com")),
      http_(options_.timeouts),
      sleep_([](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }) {
  auto url = boost::urls::parse_absolute_uri(endpoint_);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty()) {
    throw std::invalid_argument("DynamoDB endpoint is not an http(s) URL: " + endpoint_);
  }
  host_ = std::string(url->encoded_host_and_port());
  while (!endpoint_.empty() && endpoint_.back() == '/') {
    endpoint_.pop_back();
  }
}

void DynamoDbClient::sleep_for(std::chrono::milliseconds delay) {
  sleep_(delay);
}

boost::system::result<json::object, AwsError> DynamoDbClient::call(std::string_view operation,
                                                                   const json::object& request) {
  if (on_call_) on_call_(operation);
  const std::string body = json::serialize(request);
  for (int attempt_number = 1;; ++attempt_number) {
    auto result = attempt(operation, body);
    if (result || !is_retryable(result.error()) || attempt_number >= options_.retry.max_attempts) {
      return result;
    }
    sleep_(options_.retry.backoff(attempt_number - 1, thread_random()));
  }
}

boost::system::result<void, AwsError> DynamoDbClient::call_batch(
    std::string_view operation, json::object request,
    const std::function<void(const json::object& answer)>& on_answer) {
  const std::string_view unprocessed_field =
      operation == "BatchGetItem" ? "UnprocessedKeys" : "UnprocessedItems";
  for (int attempt_number = 1;; ++attempt_number) {
    auto answer = call(operation, request);
    if (!answer) return answer.error();
    if (on_answer) on_answer(*answer);
    const json::value* unprocessed = answer->if_contains(unprocessed_field);
    json::object left;
    if (unprocessed != nullptr && unprocessed->is_object()) {
      for (const auto& [table, rest] : unprocessed->as_object()) {
        const json::value* asked = request["RequestItems"].as_object().if_contains(table);
        if (asked != nullptr && asked->is_object() && rest.is_object()) {
          // BatchGetItem: the table's projection and read consistency as asked, with the keys left.
          const json::value* keys = rest.as_object().if_contains("Keys");
          if (keys == nullptr || !keys->is_array() || keys->as_array().empty()) continue;
          json::object again = asked->as_object();
          again["Keys"] = *keys;
          left[table] = std::move(again);
        } else if (rest.is_array() && !rest.as_array().empty()) {
          left[table] = rest;  // BatchWriteItem: the write requests left
        }
      }
    }
    if (left.empty()) return {};
    if (attempt_number >= options_.retry.max_attempts) {
      return AwsError{AwsError::Kind::unavailable,
                      std::string(unprocessed_field),
                      "items still unprocessed after " + std::to_string(attempt_number) + " attempts",
                      200,
                      {}};
    }
    request["RequestItems"] = std::move(left);
    sleep_(options_.retry.backoff(attempt_number - 1, thread_random()));
  }
}

boost::system::result<json::object, AwsError> DynamoDbClient::attempt(std::string_view operation,
                                                                      const std::string& body) {
  auto credentials = credentials_->get();
  if (!credentials) {
    return AwsError{AwsError::Kind::credentials, "", credentials.error().message, 0, {}};
  }
  HttpRequest request{"POST",
                      endpoint_ + "/",
                      {{"Host", host_},
                       {"Content-Type", "application/x-amz-json-1.0"},
                       {"X-Amz-Target", "DynamoDB_20120810." + std::string(operation)}},
                      body};
  SigningParams params{options_.region, "dynamodb", std::chrono::system_clock::now()};
  SignedRequest signed_request =
      signer_.sign(RequestToSign{"POST", "/", {}, request.headers, body}, *credentials, params);
  for (auto& header : signed_request.headers_to_add) {
    request.headers.push_back(std::move(header));
  }

  auto response = http_.send(request);
  if (!response) {
    return AwsError{AwsError::Kind::unavailable,
                    response.error().timed_out ? "Timeout" : "NetworkError",
                    "DynamoDB at " + endpoint_ + ": " + response.error().message,
                    0,
                    {}};
  }
  if (response->status != 200) {
    return parse_aws_error(response->status, response->body);
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(response->body, ec);
  if (ec || !parsed.is_object()) {
    return AwsError{
        AwsError::Kind::protocol, "", "DynamoDB answered 200 with a body that is not a JSON object", 200, {}};
  }
  return std::move(parsed.as_object());
}

}  // namespace portfolio::aws
