#include "api/cursor_codec.hpp"

#include <gtest/gtest.h>

namespace portfolio::api {
namespace {

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    bytes.push_back(static_cast<char>(i * 37));
    std::string decoded;
    const auto encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
    ASSERT_TRUE(base64url_decode(encoded, decoded));
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64Url, RejectsForeignCharactersAndNonCanonicalTails) {
  std::string out;
  EXPECT_FALSE(base64url_decode("ab+/", out));
  EXPECT_FALSE(base64url_decode("a", out));   // 6 bits cannot end a byte string
  EXPECT_FALSE(base64url_decode("QR", out));  // "Q" + "R" leaves non-zero padding bits
}

TEST(CursorCodec, SealsAndOpensWithinOneScope) {
  const CursorCodec codec("key");
  const auto cursor = codec.seal("history:dev:asc", "token-123");
  auto opened = codec.open("history:dev:asc", cursor);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "token-123");
}

TEST(CursorCodec, RejectsOtherScopesKeysAndAnyChangedCharacter) {
  const CursorCodec codec("key");
  const auto cursor = codec.seal("users", "token");
  EXPECT_FALSE(codec.open("devices", cursor));
  EXPECT_FALSE(CursorCodec("other key").open("users", cursor));
  for (std::size_t i = 0; i < cursor.size(); ++i) {
    auto tampered = cursor;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(codec.open("users", tampered)) << i;
  }
  for (const auto* bad : {"", ".", "abc", "abc.def", "....."}) EXPECT_FALSE(codec.open("users", bad)) << bad;
  const auto error = codec.open("users", "x").error();
  EXPECT_EQ(error.code, domain::ErrorCode::validation_error);
  EXPECT_EQ(error.details.at(0).field, "cursor");
}

TEST(CursorCodec, ResumeAndNextHandleAbsentCursors) {
  const CursorCodec codec("key");
  domain::PageRequest page;
  EXPECT_TRUE(codec.resume("s", std::nullopt, page));
  EXPECT_FALSE(page.after);
  EXPECT_FALSE(codec.next("s", std::nullopt));
  const auto next = codec.next("s", std::string("t"));
  ASSERT_TRUE(next);
  EXPECT_TRUE(codec.resume("s", next, page));
  EXPECT_EQ(page.after, "t");
}

}  // namespace
}  // namespace portfolio::api
