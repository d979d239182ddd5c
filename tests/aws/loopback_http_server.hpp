#pragma once

// A small HTTP/1.1 server on 127.0.0.1 for tests: it stands in for the ECS credentials endpoint,
// and injects faults (throttling, errors, stalls) in front of a real DynamoDB emulator. Each
// connection gets its own thread; keep-alive is honoured so connection reuse can be observed.

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portfolio::testing_support {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

using TestRequest = http::request<http::string_body>;
using TestResponse = http::response<http::string_body>;

class LoopbackHttpServer {
 public:
  using Handler = std::function<TestResponse(const TestRequest&)>;

  // port 0 picks a free one; a given port lets a test bring a server back where it was.
  explicit LoopbackHttpServer(Handler handler, unsigned short port = 0)
      : handler_(std::move(handler)),
        acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port)) {
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~LoopbackHttpServer() { stop(); }

  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  unsigned short port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }
  int connections() const { return connections_.load(); }

  void stop() {
    if (stopped_.exchange(true)) return;
    boost::system::error_code ec;
    {
      // A blocking accept() is not woken by closing the acceptor; a last connection wakes it.
      tcp::socket waker(io_);
      waker.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ec);
    }
    if (accept_thread_.joinable()) accept_thread_.join();
    acceptor_.close(ec);
    {
      std::lock_guard lock(mutex_);
      for (auto& socket : sockets_) {
        socket->shutdown(tcp::socket::shutdown_both, ec);
        socket->close(ec);
      }
    }
    for (auto& thread : connection_threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  void accept_loop() {
    while (!stopped_) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      if (ec || stopped_) return;
      ++connections_;
      std::lock_guard lock(mutex_);
      sockets_.push_back(socket);
      connection_threads_.emplace_back([this, socket] { serve(*socket); });
    }
  }

  void serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    while (!stopped_) {
      TestRequest request;
      boost::system::error_code ec;
      http::read(socket, buffer, request, ec);
      if (ec) return;
      ++requests_;
      TestResponse response = handler_(request);
      if (response.result_int() == 0) return;  // status 0: drop the connection without answering
      response.version(11);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      http::write(socket, response, ec);
      if (ec || !request.keep_alive()) return;
    }
  }

  Handler handler_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread accept_thread_;
  std::mutex mutex_;
  std::list<std::shared_ptr<tcp::socket>> sockets_;
  std::list<std::thread> connection_threads_;
  std::atomic<bool> stopped_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
};

inline TestResponse json_response(unsigned status, std::string body) {
  TestResponse response{static_cast<http::status>(status), 11};
  response.set(http::field::content_type, "application/x-amz-json-1.0");
  response.body() = std::move(body);
  return response;
}

inline TestResponse aws_error(unsigned status, const std::string& type,
                              const std::string& message = "injected") {
  return json_response(status, R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":")" +
                                   message + "\"}");
}

}  // namespace portfolio::testing_support
