#include "aws/sigv4_signer.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "text/hex.hpp"

namespace portfolio::aws {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Trims and folds every run of whitespace (including the line breaks of folded headers) to a space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      text::append_hex(out, c, text::kUpperHexDigits);
    }
  }
  return out;
}

std::string canonical_path(std::string_view path, bool normalize) {
  if (path.empty()) {
    return "/";
  }
  if (!normalize) {
    return uri_encode(path, true);
  }
  // RFC 3986 dot-segment removal, also dropping empty segments ("//").
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (auto segment : segments) {
    out += '/';
    out += segment;
  }
  const bool trailing_slash = path.back() == '/' || path.ends_with("/.") || path.ends_with("/..");
  if (out.empty() || trailing_slash) {
    out += '/';
  }
  return uri_encode(out, true);
}

std::string canonical_query(const HeaderList& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) {
      out += '&';
    }
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

SignedRequest Sigv4Signer::sign(const RequestToSign& request, const Credentials& credentials,
                                const SigningParams& params) {
  SignedRequest out;
  const std::string timestamp = amz_date(params.time);
  const std::string date = timestamp.substr(0, 8);
  const std::string payload_hash = sha256_hex(request.body);

  out.headers_to_add.emplace_back("X-Amz-Date", timestamp);
  const bool sign_token = credentials.session_token.has_value() && !params.omit_session_token;
  if (sign_token) {
    out.headers_to_add.emplace_back("X-Amz-Security-Token", *credentials.session_token);
  }
  if (params.sign_body) {
    out.headers_to_add.emplace_back("x-amz-content-sha256", payload_hash);
  }

  // Lower-cased names in order; repeated headers join their values with commas.
  std::map<std::string, std::string> canonical_headers;
  auto add_header = [&](std::string_view name, std::string_view value) {
    auto [it, inserted] = canonical_headers.try_emplace(lower(name), canonical_header_value(value));
    if (!inserted) {
      it->second += ',';
      it->second += canonical_header_value(value);
    }
  };
  for (const auto& [name, value] : request.headers) {
    add_header(name, value);
  }
  for (const auto& [name, value] : out.headers_to_add) {
    add_header(name, value);
  }

  std::string header_block;
  std::string signed_headers;
  for (const auto& [name, value] : canonical_headers) {
    header_block += name;
    header_block += ':';
    header_block += value;
    header_block += '\n';
    if (!signed_headers.empty()) {
      signed_headers += ';';
    }
    signed_headers += name;
  }

  out.canonical_request = request.method + '\n' + canonical_path(request.path, params.normalize_path) + '\n' +
                          canonical_query(request.query) + '\n' + header_block + '\n' + signed_headers +
                          '\n' + payload_hash;

  const std::string scope = date + '/' + params.region + '/' + params.service + "/aws4_request";
  out.string_to_sign =
      "AWS4-HMAC-SHA256\n" + timestamp + '\n' + scope + '\n' + sha256_hex(out.canonical_request);

  const Digest key = keys_.get(credentials.secret_access_key, date, params.region, params.service);
  out.signature = to_hex(hmac_sha256(as_view(key), out.string_to_sign));

  if (credentials.session_token && params.omit_session_token) {
    out.headers_to_add.emplace_back("X-Amz-Security-Token", *credentials.session_token);
  }
  out.headers_to_add.emplace_back("Authorization",
                                  "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + '/' + scope +
                                      ", SignedHeaders=" + signed_headers + ", Signature=" + out.signature);
  return out;
}

}  // namespace portfolio::aws
