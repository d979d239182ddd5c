#include "api/cursor_codec.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "crypto/digest.hpp"

namespace portfolio::api {
namespace {

constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kMaxCursor = 2048;
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

domain::Error bad_cursor() {
  return domain::Error::field("cursor", "is not a valid cursor for this query");
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  out.clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = decode_char(c);
    if (value < 0) return false;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero padding of the last character, or the text was not produced by encode.
  return bits < 6 && (buffer & ((1U << bits) - 1)) == 0;
}

CursorCodec::CursorCodec(std::string key) : key_(std::move(key)) {
  if (key_.empty()) throw std::invalid_argument("cursor key must not be empty");
}

std::string CursorCodec::mac(std::string_view scope, std::string_view token) const {
  std::string message;
  message.reserve(scope.size() + 1 + token.size());
  message.append(scope).append("\n").append(token);
  const auto digest = crypto::hmac_sha256(key_, message);
  return {reinterpret_cast<const char*>(digest.data()), kMacBytes};
}

std::string CursorCodec::seal(std::string_view scope, std::string_view token) const {
  return base64url_encode(token) + "." + base64url_encode(mac(scope, token));
}

domain::Result<std::string> CursorCodec::open(std::string_view scope, std::string_view cursor) const {
  const auto dot = cursor.find('.');
  if (cursor.size() > kMaxCursor || dot == std::string_view::npos) return bad_cursor();
  std::string token;
  std::string given_mac;
  if (!base64url_decode(cursor.substr(0, dot), token) ||
      !base64url_decode(cursor.substr(dot + 1), given_mac) || given_mac.size() != kMacBytes) {
    return bad_cursor();
  }
  const auto expected = mac(scope, token);
  if (CRYPTO_memcmp(expected.data(), given_mac.data(), kMacBytes) != 0) return bad_cursor();
  return token;
}

domain::Result<void> CursorCodec::resume(std::string_view scope, const std::optional<std::string>& cursor,
                                         domain::PageRequest& page) const {
  if (!cursor) return {};
  auto token = open(scope, *cursor);
  if (!token) return token.error();
  page.after = std::move(*token);
  return {};
}

std::optional<std::string> CursorCodec::next(std::string_view scope,
                                             const std::optional<std::string>& token) const {
  if (!token) return std::nullopt;
  return seal(scope, *token);
}

}  // namespace portfolio::api
