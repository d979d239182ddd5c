#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <system_error>

#include "http/request_framing.hpp"
#include "http/response_writer.hpp"
#include "logging/logger.hpp"

namespace portfolio::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kRefusalWait{5};
constexpr std::chrono::milliseconds kRefusalPoll{10};
constexpr std::chrono::seconds kAcceptLogInterval{10};
constexpr std::size_t kCopiedBodyMax = 1024;

namespace {

template <class Connection>
void set_deadline(Connection& connection, std::chrono::steady_clock::duration timeout) {
  const auto never = std::chrono::steady_clock::duration::max();
  const auto deadline =
      timeout == never ? never : (std::chrono::steady_clock::now() + timeout).time_since_epoch();
  connection.deadline.store(deadline.count(), std::memory_order_relaxed);
}

// Errors a peer causes by going away or idling; not worth a log line.
bool is_routine_disconnect(const boost::system::error_code& ec) {
  return ec == beast_http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::broken_pipe || ec == asio::error::not_connected;
}

// Parses the part of the body that came in with the header (usually all of it) straight from the
// buffer: Beast's async_read would parse the same bytes, but only after a round through the
// scheduler, which costs a small request more than the parsing does.
template <class Parser>
boost::system::error_code parse_buffered(Parser& parser, beast::flat_buffer& buffer) {
  boost::system::error_code ec;
  while (buffer.size() > 0 && !parser.is_done()) {
    const auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == beast_http::error::need_more) return {};
    if (ec || used == 0) break;
  }
  return ec;
}

}  // namespace

Server::Server(asio::io_context& io, ServerOptions options, RequestPipeline& pipeline)
    : io_(io), options_(std::move(options)), pipeline_(pipeline), acceptor_(asio::make_strand(io)) {}

void Server::start() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) throw std::system_error(ec, "HOST is not an IP address: " + options_.host);
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint, ec);
  if (ec) {
    throw std::system_error(ec, "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  // On the acceptor's strand, where drain() also closes it: never from two threads at once.
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
  asio::co_spawn(io_, watch_deadlines(), asio::detached);
}

asio::awaitable<void> Server::watch_deadlines() {
  // A quarter of the shortest timeout, between 50 ms and 1 s: a read or write that overruns its
  // deadline is cut off at most that much late.
  const auto shortest =
      std::min<std::chrono::steady_clock::duration>(options_.idle_timeout, options_.write_timeout);
  const auto interval = std::clamp<std::chrono::steady_clock::duration>(
      shortest / 4, std::chrono::milliseconds(50), std::chrono::seconds(1));
  asio::steady_timer timer(io_);
  // Runs until the drain has closed the last connection, so that it never keeps the io_context busy
  // after shutdown.
  while (!draining_ || open_connections() > 0) {
    timer.expires_after(interval);
    co_await timer.async_wait(use_nothrow);
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::lock_guard lock(connections_mutex_);
    for (const auto& entry : connections_) {
      const auto& connection = entry.second;
      if (connection->deadline.load(std::memory_order_relaxed) > now) continue;
      // Checked again on the connection's own strand: by then the operation may have completed and
      // the coroutine moved on to the next one, with a new deadline.
      asio::post(connection->stream->get_executor(), [connection, now] {
        if (connection->deadline.load(std::memory_order_relaxed) > now) return;
        boost::system::error_code ignored;
        connection->stream->socket().cancel(ignored);
      });
    }
  }
}

asio::awaitable<void> Server::accept_loop() {
  while (!draining_) {
    // Each connection gets a strand when several threads run the io_context, so that
    // close_connections() never touches a socket at the same time as its coroutine.
    // (Named first: GCC 12 miscompiles class temporaries inside co_await operands.)
    const auto executor = connection_executor();
    auto [ec, socket] = co_await acceptor_.async_accept(executor, use_nothrow);
    // A connection accepted just before the drain closed the listener is served all the same:
    // dropping it would reset a client that may already have sent its request.
    if (ec && (ec == asio::error::operation_aborted || !acceptor_.is_open())) break;
    if (ec) {
      // Out of file descriptors and the like: back off briefly instead of spinning.
      log_accept_failure(ec);
      asio::steady_timer pause(io_, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    auto socket_executor = socket.get_executor();
    const auto over_capacity = [this] {
      return options_.max_connections != 0 && active_ >= options_.max_connections;
    };
    // Refusals in flight are bounded too. While they are all busy, this connection waits for a slot
    // and the next ones wait in the listen backlog, so every client still gets an answer; only one
    // that waited kRefusalWait in vain is closed unanswered.
    const auto wait_until = std::chrono::steady_clock::now() + kRefusalWait;
    while (over_capacity() && refusing_ >= options_.max_refusing && !draining_ &&
           std::chrono::steady_clock::now() < wait_until) {
      asio::steady_timer pause(io_, kRefusalPoll);
      co_await pause.async_wait(use_nothrow);
    }
    if (over_capacity()) {
      if (refusing_ < options_.max_refusing)
        asio::co_spawn(socket_executor, refuse(std::move(socket)), asio::detached);
      continue;
    }
    ++active_;
    asio::co_spawn(socket_executor, serve(std::move(socket)), asio::detached);
  }
}

asio::any_io_executor Server::connection_executor() {
  if (options_.single_threaded) return io_.get_executor();
  return asio::make_strand(io_);
}

void Server::log_accept_failure(const boost::system::error_code& ec) {
  // One line per interval at most, with the number of failures it stands for.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_accept_log_ < kAcceptLogInterval) {
    ++suppressed_accept_logs_;
    return;
  }
  logging::warn("accept failed", {{"error", ec.message()},
                                  {"suppressed", suppressed_accept_logs_},
                                  {"open_connections", open_connections()}});
  last_accept_log_ = now;
  suppressed_accept_logs_ = 0;
}

asio::awaitable<void> Server::refuse(tcp::socket socket) {
  ++refusing_;
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec).address();
  beast::tcp_stream stream(std::move(socket));
  const api::ApiError over_capacity{
      503, "SERVICE_UNAVAILABLE", "Service unavailable", "too many open connections; retry later", {}};
  const Request none;
  auto response = pipeline_.reject(over_capacity, none, peer, std::chrono::steady_clock::now());
  response.set(beast_http::field::retry_after, "1");
  add_transport_headers(response);
  stream.expires_after(std::chrono::seconds(5));
  auto [write_ec, written] = co_await beast_http::async_write(stream, response, use_nothrow);
  if (!write_ec) co_await linger(stream);
  stream.socket().close(ec);
  --refusing_;
}

asio::awaitable<void> Server::serve(tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const auto peer = socket.remote_endpoint(ec).address();
  auto connection = std::make_shared<Connection>();
  // Idle from now, not since the clock's epoch: with several I/O threads the drain may look at the
  // connection before its first read starts, and must not close it under the client's first request.
  connection->idle_since = std::chrono::steady_clock::now().time_since_epoch().count();
  connection->stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  auto& stream = *connection->stream;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(connections_mutex_);
    id = next_connection_id_++;
    connections_.emplace(id, connection);
  }

  beast::flat_buffer buffer;
  std::string wire;  // the response being written, reused across the connection's requests
  for (;;) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    // The limit depends on the route, known once the header is in: checked below, before the body.
    parser.body_limit(boost::none);
    connection->idle_since = std::chrono::steady_clock::now().time_since_epoch().count();
    connection->idle = true;
    set_deadline(*connection, options_.idle_timeout);
    auto [read_ec, header_bytes] =
        co_await beast_http::async_read_header(stream, buffer, parser, use_nothrow);
    connection->idle = false;
    const auto started = std::chrono::steady_clock::now();

    std::optional<api::ApiError> refusal;
    if (!read_ec) {
      const auto& header = parser.get();
      const auto length = parser.content_length();
      std::size_t body_limit = options_.body_limit;
      if (options_.body_limit_for) {
        if (const auto limit = options_.body_limit_for(header.method(), header.target()); limit != 0)
          body_limit = limit;
      }
      parser.body_limit(body_limit);
      if (const auto framing = framing_error(header)) {
        refusal = api::ApiError::bad_request(std::string(*framing));
      } else if (length && *length > body_limit) {
        refusal = api::ApiError::payload_too_large();
        if (body_limit != options_.body_limit)
          refusal->message =
              "request bodies on this route are limited to " + std::to_string(body_limit) + " bytes";
      } else if (beast::iequals(header[beast_http::field::expect], "100-continue")) {
        beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, header.version()};
        co_await beast_http::async_write(stream, go_on, use_nothrow);
      }
      if (!refusal && !parser.is_done()) read_ec = parse_buffered(parser, buffer);
      if (!refusal && !read_ec && !parser.is_done()) {
        auto [body_ec, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, use_nothrow);
        read_ec = body_ec;
      }
    }
    if (read_ec == beast_http::error::body_limit) refusal = api::ApiError::payload_too_large();
    if (read_ec == beast_http::error::header_limit) refusal = api::ApiError::headers_too_large();
    if (!refusal && read_ec && !is_routine_disconnect(read_ec)) {
      refusal = api::ApiError::bad_request("the request is not valid HTTP/1.1");
    }

    Response response;
    std::shared_ptr<api::BodyStream> body_stream;
    if (refusal) {
      response = pipeline_.reject(*refusal, parser.get(), peer, started);
    } else if (read_ec) {
      break;
    } else {
      auto request = parser.release();
      response = co_await pipeline_.handle(request, peer, started, &body_stream);
    }
    if (closing_ || draining_) response.keep_alive(false);
    // A streamed body keeps the stream's own timer instead, re-armed for every piece.
    set_deadline(*connection,
                 body_stream ? std::chrono::steady_clock::duration::max() : options_.write_timeout);
    boost::system::error_code write_ec;
    if (body_stream) {
      stream.expires_after(options_.write_timeout);
      add_transport_headers(response);
      write_ec = co_await write_streamed(stream, response, *body_stream);
      stream.expires_never();
    } else {
      // The head from one reused buffer, and in the same write the body: copied behind the head when
      // small (one buffer costs Asio less than two), else sent from where it is.
      wire.clear();
      append_wire_head(response, wire);
      const std::string& body = response.body();
      const bool copied = body.size() <= kCopiedBodyMax;
      if (copied) wire.append(body);
      const std::array<asio::const_buffer, 2> buffers{asio::buffer(wire), asio::buffer(body)};
      if (copied) {
        auto [ec_written, written] = co_await asio::async_write(stream, buffers[0], use_nothrow);
        write_ec = ec_written;
      } else {
        auto [ec_written, written] = co_await asio::async_write(stream, buffers, use_nothrow);
        write_ec = ec_written;
      }
    }
    if (!write_ec && refusal) {
      set_deadline(*connection, std::chrono::steady_clock::duration::max());  // linger bounds itself
      co_await linger(stream);
    }
    if (write_ec || !response.keep_alive()) break;
  }

  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
  --active_;
  std::lock_guard lock(connections_mutex_);
  connections_.erase(id);
}

asio::awaitable<void> Server::linger(beast::tcp_stream& stream) {
  // A refused request's body may still be arriving. Closing with unread data makes the kernel send a
  // reset, which can destroy the response before the client reads it; so read and discard what the
  // client still sends, for a bounded time and amount, then close.
  // Well above the largest body a route accepts (an image, 5 MiB), so that a client that sends a
  // body just over a limit reads its 413 instead of a reset; the 2 s deadline bounds the rest.
  constexpr std::size_t kMaxDiscard = std::size_t{16} * 1024 * 1024;
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, std::size_t{16} * 1024> sink{};
  for (std::size_t discarded = 0; discarded < kMaxDiscard;) {
    auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_nothrow);
    if (read_ec) break;
    discarded += n;
  }
}

asio::awaitable<boost::system::error_code> Server::write_streamed(beast::tcp_stream& stream,
                                                                  Response& response,
                                                                  api::BodyStream& body) const {
  // The header (its Content-Length is the stream's length), then the body piece by piece: at most one
  // piece per connection is in memory. A stream that fails or ends early closes the connection, so
  // the client sees a short body rather than a wrong one.
  std::uint64_t remaining = 0;
  if (const auto length = response.find(beast_http::field::content_length); length != response.end())
    remaining = std::stoull(std::string(length->value()));
  beast_http::response_serializer<beast_http::string_body> serializer{response};
  auto [header_ec, header_bytes] = co_await beast_http::async_write_header(stream, serializer, use_nothrow);
  if (header_ec) co_return header_ec;
  std::string piece;
  for (;;) {
    if (!co_await body.next(piece) || piece.size() > remaining) co_return asio::error::connection_aborted;
    if (piece.empty())
      co_return remaining == 0 ? boost::system::error_code{} : asio::error::connection_aborted;
    remaining -= piece.size();
    stream.expires_after(options_.write_timeout);
    auto [piece_ec, written] = co_await asio::async_write(stream, asio::buffer(piece), use_nothrow);
    if (piece_ec) co_return piece_ec;
  }
}

void Server::close_connections(bool idle_only) {
  const auto idle_before =
      (std::chrono::steady_clock::now() - options_.drain_idle).time_since_epoch().count();
  std::lock_guard lock(connections_mutex_);
  for (const auto& [id, connection] : connections_) {
    if (idle_only && (!connection->idle || connection->idle_since > idle_before)) continue;
    // Runs on the connection's own strand; the shared_ptr keeps the stream alive until then.
    asio::post(connection->stream->get_executor(), [stream = connection->stream] {
      boost::system::error_code ignored;
      stream->socket().cancel(ignored);
    });
  }
}

std::size_t Server::open_connections() const {
  // Counted from the accept, so a connection whose coroutine has not started yet still counts.
  return active_;
}

asio::awaitable<void> Server::drain(std::chrono::steady_clock::duration deadline) {
  closing_ = true;
  draining_ = true;
  // The acceptor belongs to its strand, where the accept loop may be inside async_accept.
  const auto acceptor_strand = acceptor_.get_executor();
  co_await asio::post(acceptor_strand, asio::use_awaitable);
  // Connections the kernel has completed but nobody accepted would be reset by the close, after their
  // client may have sent a request: take them in first, and serve them like the others.
  boost::system::error_code ec;
  acceptor_.non_blocking(true, ec);
  while (!ec) {
    auto socket = acceptor_.accept(connection_executor(), ec);
    if (ec) break;
    ++active_;
    auto socket_executor = socket.get_executor();
    asio::co_spawn(socket_executor, serve(std::move(socket)), asio::detached);
  }
  acceptor_.close(ec);
  const auto until = std::chrono::steady_clock::now() + deadline;
  asio::steady_timer timer(io_);
  while (open_connections() > 0 && std::chrono::steady_clock::now() < until) {
    close_connections(true);
    timer.expires_after(std::chrono::milliseconds(25));
    co_await timer.async_wait(use_nothrow);
  }
  if (open_connections() > 0) {
    logging::warn("shutdown deadline reached; closing busy connections",
                  {{"connections", open_connections()}});
    close_connections(false);
  }
}

}  // namespace portfolio::http
