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

}  // namespace
}  // namespace portfolio::http
