#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace portfolio::http {
namespace {

boost::asio::ip::address ip(const char* text) {
  return boost::asio::ip::make_address(text);
}

TEST(TrustedProxies, ParsesCidrsAndAddresses) {
  EXPECT_TRUE(TrustedProxies::parse(""));
  EXPECT_TRUE(TrustedProxies::parse("10.0.0.0/16, 127.0.0.1,::1"));
  EXPECT_FALSE(TrustedProxies::parse("10.0.0.0/33"));
  EXPECT_FALSE(TrustedProxies::parse("not-an-ip"));
  auto proxies = *TrustedProxies::parse("10.0.0.0/16,::1");
  EXPECT_TRUE(proxies.contains(ip("10.0.3.4")));
  EXPECT_TRUE(proxies.contains(ip("::ffff:10.0.3.4")));
  EXPECT_TRUE(proxies.contains(ip("::1")));
  EXPECT_FALSE(proxies.contains(ip("10.1.0.1")));
}

TEST(TrustedProxies, ForwardedForIsIgnoredFromUntrustedPeers) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  EXPECT_EQ(proxies.client_address(ip("203.0.113.5"), "198.51.100.1"), "203.0.113.5");
}

TEST(TrustedProxies, TakesTheRightMostUntrustedHop) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  // A client may put anything at the left; only what trusted proxies appended counts.
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "1.2.3.4, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "198.51.100.1, 10.0.2.2"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), ""), "10.0.1.9");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "garbage"), "10.0.1.9");
}

TEST(TrustedProxies, ForwardedForHopsMayCarryPorts) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "198.51.100.1:5123"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "[2001:db8::7]:5123, 10.0.2.2"), "2001:db8::7");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "2001:db8::7"), "2001:db8::7");
}

TEST(TrustedProxies, EveryHopTrustedMeansThePeer) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), "10.0.5.5, 10.0.2.2"), "10.0.1.9");
}

TEST(TrustedProxies, MappedAddressesAreTheIpv4Host) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  EXPECT_EQ(proxies.client_address(ip("::ffff:203.0.113.5"), ""), "203.0.113.5");
}

TEST(ParseAddressAndPort, ReadsCloudFrontForms) {
  EXPECT_EQ(parse_address_and_port("203.0.113.7:443"), ip("203.0.113.7"));
  // CloudFront writes IPv6 without brackets; the last group is the port.
  EXPECT_EQ(parse_address_and_port("2001:db8:0:0:0:0:0:1:52325"), ip("2001:db8::1"));
  EXPECT_EQ(parse_address_and_port("[2001:db8::1]:52325"), ip("2001:db8::1"));
  EXPECT_EQ(parse_address_and_port(" 203.0.113.7:1 "), ip("203.0.113.7"));
}

TEST(ParseAddressAndPort, RefusesAnythingElse) {
  for (const char* text :
       {"", "203.0.113.7", "203.0.113.7:", "203.0.113.7:65536", "203.0.113.7:http", "[2001:db8::1]",
        "[2001:db8::1]443", "[203.0.113.7]:443", "host.example:443", "203.0.113.7:443:1", "::"}) {
    EXPECT_FALSE(parse_address_and_port(text)) << text;
  }
}

class ViewerAddress : public ::testing::Test {
 protected:
  ViewerAddress() : proxies(*TrustedProxies::parse("10.0.0.0/16")) {
    proxies.trust_viewer_address("s3cret-origin-header-value");
  }
  TrustedProxies proxies;
  static constexpr std::string_view kSecret = "s3cret-origin-header-value";
};

TEST_F(ViewerAddress, BelievedFromATrustedPeerWithTheSecret) {
  const ForwardingHeaders headers{"198.51.100.9, 130.176.1.1", "198.51.100.9:40000", kSecret};
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), headers), "198.51.100.9");
  const ForwardingHeaders v6{"", "2001:db8:0:0:0:0:0:5:40000", kSecret};
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), v6), "2001:db8::5");
}

TEST_F(ViewerAddress, IgnoredWithoutTheRightSecret) {
  // Without the secret, the edge's address (the first untrusted hop from the right) is the client.
  for (std::string_view offered :
       {std::string_view{}, std::string_view{"wrong"}, std::string_view{"s3cret-origin-header-valuE"},
        std::string_view{"s3cret-origin-header-value "}}) {
    const ForwardingHeaders headers{"198.51.100.9, 130.176.1.1", "198.51.100.9:40000", offered};
    EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), headers), "130.176.1.1") << offered;
  }
}

TEST_F(ViewerAddress, IgnoredFromAnUntrustedPeerEvenWithTheSecret) {
  const ForwardingHeaders headers{"1.1.1.1", "198.51.100.9:40000", kSecret};
  EXPECT_EQ(proxies.client_address(ip("203.0.113.50"), headers), "203.0.113.50");
}

TEST_F(ViewerAddress, MalformedValueFallsBackToForwardedFor) {
  const ForwardingHeaders headers{"130.176.1.1", "not-an-address", kSecret};
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), headers), "130.176.1.1");
}

TEST(TrustedProxiesWithoutSecret, NeverBelieveTheViewerHeader) {
  auto proxies = *TrustedProxies::parse("10.0.0.0/16");
  const ForwardingHeaders headers{"130.176.1.1", "198.51.100.9:40000", ""};
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), headers), "130.176.1.1");
  proxies.trust_viewer_address("");
  const ForwardingHeaders empty_secret{"130.176.1.1", "198.51.100.9:40000", ""};
  EXPECT_EQ(proxies.client_address(ip("10.0.1.9"), empty_secret), "130.176.1.1");
}

}  // namespace
}  // namespace portfolio::http
