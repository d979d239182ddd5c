#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/sigv4_signer.hpp"

namespace portfolio::aws {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  HeaderList headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  HeaderList headers;  // names as sent by the server (S3 answers with ETag, Content-Range, x-amz-meta-*)

  // The first header of that name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

// The request never reached an answer: refused, reset, timed out, TLS failure.
struct TransportError {
  std::string message;
  bool timed_out = false;
};

struct HttpTimeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds total{5000};  // connect, send and the whole response
};

// A blocking HTTP/1.1 client over libcurl (HTTP and HTTPS). Safe to call from many threads: each
// call borrows an easy handle from a pool, and each handle keeps its connections alive between
// calls, so steady traffic reuses TCP and TLS sessions.
class HttpClient {
 public:
  explicit HttpClient(HttpTimeouts timeouts = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  boost::system::result<HttpResponse, TransportError> send(const HttpRequest& request);

 private:
  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  using Handle = std::unique_ptr<void, HandleDeleter>;

  Handle acquire();
  void release(Handle handle);

  HttpTimeouts timeouts_;
  std::mutex mutex_;
  std::vector<Handle> idle_;
};

}  // namespace portfolio::aws
