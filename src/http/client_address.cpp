#include "http/client_address.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace portfolio::http {
namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

template <class F>
void for_each_item(std::string_view list, F f) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    f(trim(list.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

std::array<unsigned char, 32> sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  if (!std::all_of(text.begin(), text.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  return std::stoul(std::string(text)) <= 65535;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

// v4-mapped IPv6 addresses name the IPv4 host: one client, one key.
ip::address normalised(ip::address address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

// The text of a normalised address. A connection's requests all come from one peer, so the last
// address's text is kept per thread: the common case costs a comparison instead of inet_ntop.
std::string address_text(const ip::address& address) {
  thread_local ip::address last;
  thread_local std::string last_text;
  const auto addr = normalised(address);
  if (last_text.empty() || addr != last) {
    last = addr;
    last_text = addr.to_string();
  }
  return last_text;
}

// One X-Forwarded-For hop: a bare address, or an address with its port (ALB client port preservation).
std::optional<ip::address> parse_hop(std::string_view text) {
  if (auto bare = parse_address(text)) return bare;
  return parse_address_and_port(text);
}

}  // namespace

std::optional<ip::address> parse_address_and_port(std::string_view text) {
  text = trim(text);
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!is_port(port)) return std::nullopt;
  auto address = parse_address(host);
  if (!address) return std::nullopt;
  // "[1.2.3.4]:80" is not a form anyone sends; refuse it rather than guess.
  if (text.front() == '[' && !address->is_v6()) return std::nullopt;
  return address;
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies proxies;
  bool ok = true;
  for_each_item(list, [&](std::string_view item) {
    if (item.empty()) return;
    boost::system::error_code ec;
    std::string text(item);
    if (text.find('/') == std::string::npos) text += text.find(':') == std::string::npos ? "/32" : "/128";
    if (text.find(':') == std::string::npos) {
      auto net = ip::make_network_v4(text, ec);
      if (!ec) proxies.v4_.push_back(net.canonical());
    } else {
      auto net = ip::make_network_v6(text, ec);
      if (!ec) proxies.v6_.push_back(net.canonical());
    }
    ok = ok && !ec;
  });
  if (!ok) return std::nullopt;
  return proxies;
}

void TrustedProxies::trust_viewer_address(std::string_view secret) {
  if (secret.empty()) {
    origin_secret_digest_.reset();
  } else {
    origin_secret_digest_ = sha256(secret);
  }
}

bool TrustedProxies::contains(const ip::address& address) const {
  const auto addr = normalised(address);
  if (addr.is_v4()) {
    const auto host = ip::network_v4(addr.to_v4(), 32);
    return std::any_of(v4_.begin(), v4_.end(),
                       [&](const auto& net) { return host == net || host.is_subnet_of(net); });
  }
  const auto host = ip::network_v6(addr.to_v6(), 128);
  return std::any_of(v6_.begin(), v6_.end(),
                     [&](const auto& net) { return host == net || host.is_subnet_of(net); });
}

bool TrustedProxies::came_through_cloudfront(std::string_view origin_verify) const {
  if (!origin_secret_digest_ || origin_verify.empty()) return false;
  // Digests of equal length, compared in constant time: timing reveals neither the secret's content
  // nor its length.
  const auto offered = sha256(origin_verify);
  return CRYPTO_memcmp(offered.data(), origin_secret_digest_->data(), offered.size()) == 0;
}

std::string TrustedProxies::client_address(const ip::address& peer, const ForwardingHeaders& headers) const {
  if (!contains(peer)) return address_text(peer);
  if (!headers.viewer_address.empty() && came_through_cloudfront(headers.origin_verify)) {
    if (auto viewer = parse_address_and_port(headers.viewer_address)) return address_text(*viewer);
  }
  if (headers.forwarded_for.empty()) return address_text(peer);
  std::vector<std::string_view> hops;
  for_each_item(headers.forwarded_for, [&](std::string_view item) { hops.push_back(item); });
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto address = parse_hop(*it);
    if (!address) break;  // garbage in the chain: stop trusting it here
    if (!contains(*address)) return address_text(*address);
  }
  return address_text(peer);
}

std::string TrustedProxies::client_address(const ip::address& peer, std::string_view forwarded_for) const {
  return client_address(peer, ForwardingHeaders{forwarded_for, {}, {}});
}

}  // namespace portfolio::http
