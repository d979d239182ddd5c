#include "http/client_address.hpp"

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

}  // namespace

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

bool TrustedProxies::contains(const ip::address& address) const {
  auto addr = address;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) addr = ip::make_address_v4(ip::v4_mapped, addr.to_v6());
  if (addr.is_v4()) {
    const auto host = ip::network_v4(addr.to_v4(), 32);
    for (const auto& net : v4_) {
      if (host == net || host.is_subnet_of(net)) return true;
    }
    return false;
  }
  const auto host = ip::network_v6(addr.to_v6(), 128);
  for (const auto& net : v6_) {
    if (host == net || host.is_subnet_of(net)) return true;
  }
  return false;
}

std::string TrustedProxies::client_address(const ip::address& peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !contains(peer)) return peer.to_string();
  std::vector<std::string_view> hops;
  for_each_item(forwarded_for, [&](std::string_view item) { hops.push_back(item); });
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    boost::system::error_code ec;
    const auto address = ip::make_address(std::string(*it), ec);
    if (ec) break;  // garbage in the chain: stop trusting it here
    if (!contains(address)) return address.to_string();
  }
  return peer.to_string();
}

}  // namespace portfolio::http
