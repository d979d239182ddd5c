#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
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
  // Connections served at once (0: no cap). A connection beyond it gets a 503 and is closed, so the
  // process never runs out of descriptors for the ones it serves.
  std::size_t max_connections = 0;
  // Over-capacity connections being answered with a 503 at once; beyond it the next ones wait in the
  // listen backlog. Each holds a descriptor for up to a few seconds while the client reads its answer.
  std::size_t max_refusing = 64;
  // While draining, a connection idle this long is closed; one that sends a request sooner is answered
  // (with Connection: close). A client that has just connected or reused a connection is not cut off.
  std::chrono::milliseconds drain_idle{1000};
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

  // The shutdown grace period: keep accepting and serving, but every response carries
  // `Connection: close`, so keep-alive connections retire one by one.
  void begin_closing() { closing_ = true; }

  // Draining: stop accepting, answer every request with `Connection: close`, close connections that
  // stay idle for `drain_idle`, and complete once no connection is left or the deadline has passed
  // (then the remaining connections are closed). Runs on the io_context.
  boost::asio::awaitable<void> drain(std::chrono::steady_clock::duration deadline);

  std::size_t open_connections() const;

 private:
  struct Connection {
    std::shared_ptr<boost::beast::tcp_stream> stream;
    std::atomic<bool> idle{true};
    std::atomic<std::int64_t> idle_since{0};  // steady_clock ticks; set before the connection is listed
    // When the read or write in progress times out (steady_clock ticks), enforced by watch_deadlines:
    // one timer for the server instead of one armed and cancelled per read and per write.
    std::atomic<std::int64_t> deadline{std::numeric_limits<std::int64_t>::max()};
  };

  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> watch_deadlines();
  boost::asio::any_io_executor connection_executor();
  void log_accept_failure(const boost::system::error_code& ec);
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> refuse(boost::asio::ip::tcp::socket socket);
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
  std::atomic<bool> closing_{false};
  std::atomic<bool> draining_{false};
  std::atomic<std::size_t> active_{0};    // connections being served, counted from their accept
  std::atomic<std::size_t> refusing_{0};  // over-capacity connections being answered with a 503
  std::chrono::steady_clock::time_point last_accept_log_{};
  std::uint64_t suppressed_accept_logs_ = 0;

  mutable std::mutex connections_mutex_;
  std::uint64_t next_connection_id_ = 0;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
};

}  // namespace portfolio::http
