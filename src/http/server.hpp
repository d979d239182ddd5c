#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/request_pipeline.hpp"

namespace portfolio::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8000;
  std::size_t body_limit = std::size_t{1024} * 1024;
  // A larger limit for some routes (image uploads): given the method and target, the limit to use,
  // or 0 for body_limit.
  std::function<std::size_t(boost::beast::http::verb, std::string_view)> body_limit_for;
  std::size_t header_limit = std::size_t{16} * 1024;
  // Longer than the load balancer's 60 s idle timeout, so the balancer, not us, closes idle
  // connections (the other way round shows up as sporadic 502s).
  std::chrono::seconds idle_timeout{75};
  std::chrono::seconds write_timeout{30};
  // With one I/O thread every handler already runs in sequence, so connections need no strand.
  bool single_threaded = false;
};

// Accepts connections and runs one coroutine per connection: read a request, let the pipeline answer
// it, write the response, repeat while keep-alive holds. Requests on one connection are answered in
// order, one at a time, which bounds pipelining to a single request in flight per connection.
class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions options, RequestPipeline& pipeline);

  // Binds and listens; throws std::system_error with a clear message when the address is unusable.
  void start();
  std::uint16_t port() const { return port_; }

  // Draining: stop accepting, close idle keep-alive connections, answer in-flight requests with
  // `Connection: close`, and complete once no connection is left or the deadline has passed (then the
  // remaining connections are closed). Runs on the io_context.
  boost::asio::awaitable<void> drain(std::chrono::steady_clock::duration deadline);

  std::size_t open_connections() const;

 private:
  struct Connection {
    std::shared_ptr<boost::beast::tcp_stream> stream;
    std::atomic<bool> idle{true};
  };

  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
  static boost::asio::awaitable<void> linger(boost::beast::tcp_stream& stream);
  boost::asio::awaitable<boost::system::error_code> write_streamed(boost::beast::tcp_stream& stream,
                                                                   Response& response,
                                                                   api::BodyStream& body) const;
  void close_connections(bool idle_only);

  boost::asio::io_context& io_;
  ServerOptions options_;
  RequestPipeline& pipeline_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> draining_{false};

  mutable std::mutex connections_mutex_;
  std::uint64_t next_connection_id_ = 0;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
};

}  // namespace portfolio::http
