#include "app/healthcheck.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <iostream>

namespace portfolio::app {
namespace beast = boost::beast;
namespace asio = boost::asio;

int run_healthcheck(std::uint16_t port) {
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(2));
    bool connected = false;
    beast::http::response<beast::http::string_body> response;
    stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                         [&](const beast::error_code& ec) { connected = !ec; });
    io.run();
    if (!connected) {
      std::cerr << "healthcheck: cannot connect to 127.0.0.1:" << port << "\n";
      return 1;
    }
    beast::http::request<beast::http::empty_body> request{beast::http::verb::get, "/health", 11};
    request.set(beast::http::field::host, "127.0.0.1");
    request.set(beast::http::field::user_agent, "portfolio-api-healthcheck");
    stream.expires_after(std::chrono::seconds(2));
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::read(stream, buffer, response);
    if (response.result() != beast::http::status::ok) {
      std::cerr << "healthcheck: /health answered " << response.result_int() << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "healthcheck: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace portfolio::app
