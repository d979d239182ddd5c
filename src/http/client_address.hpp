#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portfolio::http {

// Which peers may tell us the client's address through X-Forwarded-For (the load balancer).
class TrustedProxies {
 public:
  // Comma-separated CIDRs or addresses ("10.0.0.0/16,127.0.0.1"); nullopt when one does not parse.
  static std::optional<TrustedProxies> parse(std::string_view list);

  bool contains(const boost::asio::ip::address& address) const;

  // The client address: the peer itself, unless the peer is trusted and sent X-Forwarded-For; then the
  // right-most address in that header that is not itself a trusted proxy.
  std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace portfolio::http
