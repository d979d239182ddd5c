#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portfolio::api {

// A request as the handlers see it: already routed, size-checked and rate-limited by the HTTP layer.
struct ApiRequest {
  std::string_view method;
  std::vector<std::pair<std::string, std::string>> path_params;  // from the route template, decoded
  std::vector<std::pair<std::string, std::string>> query;        // decoded, in order
  std::string_view body;
  std::string_view content_type;
  std::string_view if_none_match;  // for conditional GETs of images
  std::string request_id;

  std::string_view path_param(std::string_view name) const;
  // The first value of a query parameter, or nullptr when absent.
  const std::string* query_param(std::string_view name) const;
};

// A response body produced piece by piece (an image streamed from disk or S3), so that it is never
// held whole in memory. next() yields the following piece, an empty one at the end; a failure ends
// the response early (the connection is closed, the client sees a short body).
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual boost::asio::awaitable<bool> next(std::string& piece) = 0;  // false: failed
};

struct ApiResponse {
  unsigned status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this stream of stream_length bytes instead of `body`.
  std::shared_ptr<BodyStream> stream;
  std::uint64_t stream_length = 0;
  // False for a success that wrote nothing (a batch whose every reading was rejected): it says
  // nothing about whether the store takes writes, so it must not end a "degraded" state.
  bool wrote = true;
};

}  // namespace portfolio::api
