#include "app/healthcheck.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <iostream>
#include <string_view>

namespace portfolio::app {
namespace beast = boost::beast;
namespace asio = boost::asio;
namespace http = beast::http;

namespace {

// One GET /health, connect to last byte asynchronously, so that the stream's single deadline covers
// every step: a server that accepts and then never answers (or answers slowly) fails the check in
// time instead of hanging the container's HEALTHCHECK.
class HealthProbe {
 public:
  HealthProbe(asio::io_context& io, std::uint16_t port) : stream_(io), port_(port) {
    request_.set(http::field::host, "127.0.0.1");
    request_.set(http::field::user_agent, "portfolio-api-healthcheck");
  }

  void start(std::chrono::steady_clock::duration deadline) {
    stream_.expires_after(deadline);
    stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_),
                          [this](const beast::error_code& ec) { on_connect(ec); });
  }

  // Exit code: 0 when /health answered 200.
  int result() const {
    if (failure_) {
      std::cerr << "healthcheck: " << step_ << " 127.0.0.1:" << port_ << ": " << failure_.message() << "\n";
      return 1;
    }
    if (response_.result() != http::status::ok) {
      std::cerr << "healthcheck: /health answered " << response_.result_int() << "\n";
      return 1;
    }
    return 0;
  }

 private:
  bool failed(const beast::error_code& ec, std::string_view step) {
    if (!ec) return false;
    failure_ = ec;
    step_ = step;
    return true;
  }

  void on_connect(const beast::error_code& ec) {
    if (failed(ec, "connect")) return;
    http::async_write(stream_, request_,
                      [this](const beast::error_code& error, std::size_t) { on_write(error); });
  }

  void on_write(const beast::error_code& ec) {
    if (failed(ec, "write to")) return;
    http::async_read(stream_, buffer_, response_,
                     [this](const beast::error_code& error, std::size_t) { failed(error, "read from"); });
  }

  beast::tcp_stream stream_;
  std::uint16_t port_;
  http::request<http::empty_body> request_{http::verb::get, "/health", 11};
  beast::flat_buffer buffer_;
  http::response<http::string_body> response_;
  beast::error_code failure_;
  std::string_view step_;
};

}  // namespace

int run_healthcheck(std::uint16_t port) {
  try {
    asio::io_context io;
    HealthProbe probe(io, port);
    probe.start(std::chrono::seconds(2));
    io.run();
    return probe.result();
  } catch (const std::exception& e) {
    std::cerr << "healthcheck: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace portfolio::app
