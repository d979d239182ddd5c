#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portfolio::http {

// The request headers that may name the client when a trusted proxy forwarded the request.
struct ForwardingHeaders {
  std::string_view forwarded_for;   // X-Forwarded-For: "client, proxy1, proxy2"
  std::string_view viewer_address;  // CloudFront-Viewer-Address: "203.0.113.7:443", "2001:db8::1:443"
  std::string_view origin_verify;   // X-Origin-Verify: the secret CloudFront adds to origin requests
};

// Which peers may tell us the client's address (the load balancer), and how a request proves that it
// came through CloudFront.
//
// The address that keys the rate limit is, in order:
// 1. CloudFront-Viewer-Address, when the peer is trusted and X-Origin-Verify carries the configured
//    origin secret (only CloudFront knows it; the ALB forwards both headers);
// 2. otherwise X-Forwarded-For read from the right, skipping every hop inside the trusted ranges: the
//    first untrusted address wins (what the client wrote at the left never counts);
// 3. otherwise the peer itself. A peer that is not trusted cannot choose its own address.
class TrustedProxies {
 public:
  // Comma-separated CIDRs or addresses ("10.0.0.0/16,127.0.0.1"); nullopt when one does not parse.
  static std::optional<TrustedProxies> parse(std::string_view list);

  // Believe CloudFront-Viewer-Address on requests whose X-Origin-Verify equals `secret` (compared in
  // constant time; only a digest is kept). An empty secret switches this off.
  void trust_viewer_address(std::string_view secret);

  bool contains(const boost::asio::ip::address& address) const;

  std::string client_address(const boost::asio::ip::address& peer, const ForwardingHeaders& headers) const;
  // The same with X-Forwarded-For alone.
  std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded_for) const;

 private:
  bool came_through_cloudfront(std::string_view origin_verify) const;

  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
  std::optional<std::array<unsigned char, 32>> origin_secret_digest_;  // SHA-256
};

// An address followed by its port, as CloudFront-Viewer-Address carries it: "203.0.113.7:443",
// "2001:db8::1:443" (CloudFront's unbracketed IPv6 form: the last group is the port) or
// "[2001:db8::1]:443"; nullopt for anything else, including a missing port.
std::optional<boost::asio::ip::address> parse_address_and_port(std::string_view text);

}  // namespace portfolio::http
