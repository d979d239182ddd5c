#include "crypto/digest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace {

using portfolio::crypto::hmac_sha256;
using portfolio::crypto::to_hex;

// RFC 4231, test case 2.
constexpr std::string_view kJefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
// HMAC-SHA256 with an empty key of an empty message.
constexpr std::string_view kEmpty = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";

TEST(Digest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")), kJefe);
  // RFC 4231, test case 1: a 20-byte key of 0x0b.
  EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(Digest, EachCallUsesItsOwnKeyEvenAnEmptyOne) {
  // The per-thread context is re-keyed by every call: an empty key must not reuse the last one.
  ASSERT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")), kJefe);
  EXPECT_EQ(to_hex(hmac_sha256(std::string_view{}, std::string_view{})), kEmpty);
  EXPECT_EQ(to_hex(hmac_sha256("", "")), kEmpty);
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")), kJefe);
}

TEST(Digest, ThreadsHaveTheirOwnContext) {
  std::string results[4];
  std::thread threads[4];
  for (int i = 0; i < 4; ++i) {
    threads[i] = std::thread([&results, i] {
      for (int n = 0; n < 200; ++n) results[i] = to_hex(hmac_sha256("Jefe", "what do ya want for nothing?"));
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, kJefe);
}

}  // namespace
