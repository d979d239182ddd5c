#include "http/request_pipeline.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <random>

#include "api/responses.hpp"
#include "http/compression.hpp"

namespace portfolio::http {
namespace beast_http = boost::beast::http;
using api::ApiError;
using api::ApiResponse;

struct RequestPipeline::Context {
  std::chrono::steady_clock::time_point started;
  std::string request_id;
  std::string client_ip;
  std::string path;
  const Route* route = nullptr;
  std::optional<RateDecision> rate;
  bool is_static = false;
  std::shared_ptr<api::BodyStream> stream;
};

namespace {

bool valid_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

// Characters of an origin-form path that need no decoding (RFC 3986 pchar without pct-encoded, and '/').
constexpr std::array<bool, 256> kPlainPathChars = [] {
  std::array<bool, 256> table{};
  for (char c = 'a'; c <= 'z'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (char c = 'A'; c <= 'Z'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (const char c : std::string_view("-._~!$&'()*+,;=:@/")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// "/" followed by plain characters only: a valid origin-form target without a query, whose decoded
// path is itself.
bool is_plain_path(std::string_view target) {
  return !target.empty() && target.front() == '/' && std::all_of(target.begin(), target.end(), [](char c) {
    return kPlainPathChars[static_cast<unsigned char>(c)];
  });
}

bool is_write(beast_http::verb method) {
  return method == beast_http::verb::post || method == beast_http::verb::put ||
         method == beast_http::verb::patch || method == beast_http::verb::delete_;
}

bool key_matches(const std::vector<std::string>& keys, std::string_view offered) {
  bool found = false;
  for (const auto& key : keys) {
    // Constant time per key, so response timing does not reveal how much of a key was right.
    if (key.size() == offered.size() && CRYPTO_memcmp(key.data(), offered.data(), key.size()) == 0)
      found = true;
  }
  return found;
}

}  // namespace

void add_vary(Response& response, std::string_view field) {
  const auto existing = response[beast_http::field::vary];
  if (existing.empty()) {
    response.set(beast_http::field::vary, field);
    return;
  }
  std::string combined(existing);
  combined += ", ";
  combined += field;
  response.set(beast_http::field::vary, combined);
}

std::string choose_request_id(std::string_view offered) {
  if (valid_request_id(offered)) return std::string(offered);
  // Request ids only need to be unique, not unpredictable: a seeded Mersenne Twister per thread
  // instead of the operating system's generator, which costs a getrandom() call per id. A version 4
  // UUID, written digit by digit (boost::uuids::to_string costs several times more).
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  constexpr std::string_view kHex = "0123456789abcdef";
  std::array<std::uint64_t, 2> halves{generator(), generator()};
  halves[0] = (halves[0] & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};              // version 4
  halves[1] = (halves[1] & ~(std::uint64_t{0xC} << 60U)) | (std::uint64_t{0x8} << 60U);  // RFC variant
  std::string id(36, '-');
  std::size_t at = 0;
  for (const auto half : halves) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      if (at == 8 || at == 13 || at == 18 || at == 23) ++at;
      id[at++] = kHex[(half >> static_cast<unsigned>(shift)) & 0xFU];
    }
  }
  return id;
}

RequestPipeline::RequestPipeline(const Router& router, PipelineOptions options, RequestObserver& observer)
    : router_(router),
      options_(std::move(options)),
      observer_(observer),
      general_limiter_(options_.general_per_minute),
      ingest_limiter_(options_.ingest_per_minute) {}

RequestPipeline::Context RequestPipeline::context_for(const Request& request,
                                                      const boost::asio::ip::address& peer,
                                                      std::chrono::steady_clock::time_point started) const {
  Context ctx;
  ctx.started = started;
  ctx.request_id = choose_request_id(request["X-Request-Id"]);
  ctx.client_ip = options_.trusted_proxies.client_address(
      peer, {request["X-Forwarded-For"], request["CloudFront-Viewer-Address"], request["X-Origin-Verify"]});
  return ctx;
}

namespace {

ApiResponse handler_threw(const std::exception& e, std::string_view request_id) {
  return api::error_response(domain::Error::internal(std::string("handler threw: ") + e.what()), request_id);
}

boost::asio::awaitable<void> read_whole_body(Response& out, api::BodyStream& stream) {
  std::string all;
  std::string piece;
  while (co_await stream.next(piece) && !piece.empty()) all += piece;
  out.body() = std::move(all);
  out.prepare_payload();
}

}  // namespace

// Asio recycles coroutine frames of up to 1,020 bytes per thread and allocates larger ones with
// memalign, so the work that does not suspend is done outside this frame (context_for, route,
// finish) and it names few locals: GCC keeps every named local of a coroutine in its frame.
boost::asio::awaitable<Response> RequestPipeline::handle(const Request& request,
                                                         const boost::asio::ip::address& peer,
                                                         std::chrono::steady_clock::time_point started,
                                                         std::shared_ptr<api::BodyStream>* body_stream) {
  Context ctx = context_for(request, peer, started);
  Routed routed;
  try {
    routed = route(request, ctx);
    if (!routed.ready) routed.ready = co_await ctx.route->handler(routed.call);
  } catch (const std::exception& e) {
    routed.ready = handler_threw(e, ctx.request_id);
  }
  auto out = finish(request, std::move(*routed.ready), ctx);
  if (ctx.stream && body_stream != nullptr) {
    *body_stream = std::move(ctx.stream);
  } else if (ctx.stream) {
    co_await read_whole_body(out, *ctx.stream);
  }
  co_return out;
}

RequestPipeline::Routed RequestPipeline::answered(ApiResponse response) {
  Routed routed;
  routed.ready = std::move(response);
  return routed;
}

// Not a coroutine (it was one, with a frame of 1,776 bytes that every request allocated with memalign).
RequestPipeline::Routed RequestPipeline::route(const Request& request, Context& ctx) {
  // A path of plain characters only (no query, no percent-encoding: most requests) is valid as it
  // stands and is its own decoded form; anything else goes through the URL parser.
  const std::string_view raw_target(request.target().data(), request.target().size());
  const bool plain = is_plain_path(raw_target);
  boost::system::result<boost::urls::url_view> target;
  if (!plain) target = boost::urls::parse_origin_form(request.target());
  if (!plain && !target) {
    ctx.path = "-";
    return answered(api::error_response(ApiError::validation("the request target is not a valid URL path"),
                                        ctx.request_id));
  }
  ctx.path = plain ? std::string(raw_target) : std::string(target->path());  // percent-decoded

  if (request.method() == beast_http::verb::options &&
      !request[beast_http::field::access_control_request_method].empty()) {
    ApiResponse preflight;
    preflight.status = 204;
    preflight.content_type.clear();
    return answered(std::move(preflight));
  }

  auto match = router_.match(request.method_string(),
                             plain ? raw_target : static_cast<std::string_view>(target->encoded_path()));
  if (match.route == nullptr) {
    if (match.allowed_methods.empty()) {
      if (auto file = serve_static(request, ctx.path, ctx)) return answered(std::move(*file));
      return answered(api::error_response(ApiError::not_found(), ctx.request_id));
    }
    auto response = api::error_response(ApiError::method_not_allowed(), ctx.request_id);
    std::string allow;
    for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
    response.headers.emplace_back("Allow", std::move(allow));
    return answered(std::move(response));
  }
  ctx.route = match.route;
  if (auto refused = admit(request, *match.route, ctx)) return answered(std::move(*refused));

  Routed routed;
  api::ApiRequest& api_request = routed.call;
  api_request.method = request.method_string();
  api_request.path_params = std::move(match.params);
  if (!plain) {
    for (const auto& param : target->params()) api_request.query.emplace_back(param.key, param.value);
  }
  api_request.body = request.body();
  api_request.content_type = request[beast_http::field::content_type];
  api_request.if_none_match = request[beast_http::field::if_none_match];
  api_request.request_id = ctx.request_id;
  return routed;
}

std::optional<ApiResponse> RequestPipeline::admit(const Request& request, const Route& route, Context& ctx) {
  if (options_.rate_limit_enabled && route.rate_class != RateClass::unlimited) {
    auto& limiter = route.rate_class == RateClass::ingest ? ingest_limiter_ : general_limiter_;
    ctx.rate = limiter.check(ctx.client_ip);
    if (!ctx.rate->allowed) {
      auto response = api::error_response(ApiError::rate_limited(), ctx.request_id);
      response.headers.emplace_back("Retry-After", std::to_string(ctx.rate->reset_seconds));
      return response;
    }
  }
  if (!options_.api_keys.empty() && is_write(request.method()) &&
      !key_matches(options_.api_keys, request["X-API-Key"])) {
    return api::error_response(ApiError::unauthorized(), ctx.request_id);
  }
  return std::nullopt;
}

std::optional<ApiResponse> RequestPipeline::serve_static(const Request& request, std::string_view path,
                                                         Context& ctx) const {
  if (!options_.static_files ||
      (request.method() != beast_http::verb::get && request.method() != beast_http::verb::head)) {
    return std::nullopt;
  }
  const auto* file = options_.static_files->find(path);
  if (file == nullptr) return std::nullopt;
  ctx.is_static = true;
  ApiResponse response;
  response.content_type = file->content_type;
  const bool gzipped = !file->gzip_body.empty() && accepts_gzip(request[beast_http::field::accept_encoding]);
  const auto& etag = gzipped ? file->gzip_etag : file->etag;
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control",
                                file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!file->gzip_body.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (request[beast_http::field::if_none_match] == etag) {
    response.status = 304;
    return response;
  }
  if (gzipped) response.headers.emplace_back("Content-Encoding", "gzip");
  response.body = gzipped ? file->gzip_body : file->body;
  return response;
}

bool RequestPipeline::origin_allowed(std::string_view origin) const {
  return std::any_of(options_.cors_origins.begin(), options_.cors_origins.end(),
                     [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void RequestPipeline::add_cors(const Request& request, Response& response) const {
  const auto origin = request[beast_http::field::origin];
  if (origin.empty() || !origin_allowed(origin)) return;
  response.set(beast_http::field::access_control_allow_origin, origin);
  add_vary(response, "Origin");
  response.set(
      beast_http::field::access_control_expose_headers,
      "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Location");
  if (request.method() == beast_http::verb::options) {
    response.set(beast_http::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    response.set(beast_http::field::access_control_allow_headers, "Content-Type, X-API-Key, X-Request-Id");
    response.set(beast_http::field::access_control_max_age, "600");
  }
}

void RequestPipeline::compress(const Request& request, ApiResponse& api_response, Response& response) {
  // JSON of 1 KiB or more only: below that gzip costs more CPU than the bytes it saves are worth.
  if (api_response.body.size() < kCompressMinBytes ||
      api_response.content_type.rfind("application/json", 0) != 0) {
    return;
  }
  add_vary(response, "Accept-Encoding");
  if (!accepts_gzip(request[beast_http::field::accept_encoding])) return;
  if (auto compressed = gzip(api_response.body)) {
    api_response.body = std::move(*compressed);
    response.set(beast_http::field::content_encoding, "gzip");
  }
}

Response RequestPipeline::finish(const Request& request, ApiResponse api_response, Context& ctx) {
  Response response{static_cast<beast_http::status>(api_response.status), request.version()};
  response.keep_alive(request.keep_alive());
  if (!api_response.content_type.empty())
    response.insert(beast_http::field::content_type, api_response.content_type);
  for (auto& [name, value] : api_response.headers) response.set(name, value);
  if (!ctx.is_static && response[beast_http::field::cache_control].empty())
    response.set(beast_http::field::cache_control, "no-store");
  response.insert("X-Request-Id", ctx.request_id);
  if (ctx.rate) {
    response.insert("X-RateLimit-Limit", std::to_string(ctx.rate->limit));
    response.insert("X-RateLimit-Remaining", std::to_string(ctx.rate->remaining));
    response.insert("X-RateLimit-Reset", std::to_string(ctx.rate->reset_seconds));
  }
  add_cors(request, response);
  if (!ctx.is_static) compress(request, api_response, response);
  const auto bytes = api_response.stream ? api_response.stream_length : api_response.body.size();
  response.body() = std::move(api_response.body);
  response.prepare_payload();
  if (api_response.stream) {
    response.content_length(api_response.stream_length);
    if (request.method() != beast_http::verb::head) ctx.stream = std::move(api_response.stream);
  }
  if (request.method() == beast_http::verb::head) {
    response.body().clear();  // Content-Length still says what a GET would carry
  }

  const std::chrono::duration<double, std::milli> latency = std::chrono::steady_clock::now() - ctx.started;
  RequestRecord record;
  record.method = request.method_string();
  record.route = ctx.route != nullptr
                     ? std::string_view(ctx.route->name)
                     : (ctx.is_static ? std::string_view("static") : std::string_view("unmatched"));
  record.matched = ctx.route != nullptr;
  record.route_index = ctx.route != nullptr ? ctx.route->index : 0;
  record.path = ctx.path;
  record.request_id = ctx.request_id;
  record.client_ip = ctx.client_ip;
  record.status = api_response.status;
  record.latency_ms = latency.count();
  record.bytes = bytes;
  record.wrote = api_response.wrote;
  observer_.on_request(record);
  return response;
}

Response RequestPipeline::reject(const ApiError& error, const Request& partial,
                                 const boost::asio::ip::address& peer,
                                 std::chrono::steady_clock::time_point started) {
  Context ctx;
  ctx.started = started;
  ctx.request_id = choose_request_id(partial["X-Request-Id"]);
  ctx.client_ip = peer.to_string();
  ctx.path = "-";
  auto response = finish(partial, api::error_response(error, ctx.request_id), ctx);
  response.keep_alive(false);
  return response;
}

}  // namespace portfolio::http
