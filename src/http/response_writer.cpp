#include "http/response_writer.hpp"

#include <array>
#include <boost/beast/http/status.hpp>
#include <charconv>

#include "http/http_date.hpp"

namespace portfolio::http {
namespace {

struct SecurityHeader {
  std::string_view name;
  std::string_view value;
};

constexpr std::string_view kHtmlPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
constexpr std::string_view kApiPolicy = "default-src 'none'; frame-ancestors 'none'";
constexpr std::array<SecurityHeader, 4> kSecurityHeaders{{{"X-Content-Type-Options", "nosniff"},
                                                          {"X-Frame-Options", "DENY"},
                                                          {"Referrer-Policy", "no-referrer"},
                                                          {"Cross-Origin-Resource-Policy", "same-origin"}}};
constexpr std::string_view kPolicyName = "Content-Security-Policy";

bool is_html(const WireResponse& response) {
  return response[boost::beast::http::field::content_type].starts_with("text/html");
}

// The security headers' wire form, built once: one append per response.
std::string wire_block(std::string_view policy) {
  std::string block;
  for (const auto& header : kSecurityHeaders) {
    block.append(header.name).append(": ").append(header.value).append("\r\n");
  }
  block.append(kPolicyName).append(": ").append(policy).append("\r\n");
  return block;
}

const std::string& security_block(const WireResponse& response) {
  static const std::string html = wire_block(kHtmlPolicy);
  static const std::string api = wire_block(kApiPolicy);
  return is_html(response) ? html : api;
}

}  // namespace

void add_transport_headers(WireResponse& response) {
  response.set(boost::beast::http::field::date, current_http_date());
  for (const auto& header : kSecurityHeaders) response.set(header.name, header.value);
  response.set(kPolicyName, is_html(response) ? kHtmlPolicy : kApiPolicy);
}

void append_wire_head(const WireResponse& response, std::string& out) {
  out.append(response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  std::array<char, 8> code{};
  const auto [end, ec] = std::to_chars(code.data(), code.data() + code.size(), response.result_int());
  out.append(code.data(), end);
  out.push_back(' ');
  const auto reason = response.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  for (const auto& field : response) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size());
    out.append(": ");
    out.append(value.data(), value.size());
    out.append("\r\n");
  }
  out.append("Date: ");
  out.append(current_http_date());
  out.append("\r\n");
  out.append(security_block(response));
  out.append("\r\n");
}

}  // namespace portfolio::http
