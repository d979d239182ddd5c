// Signs every header-signing case of the AWS SigV4 test suite and compares the canonical request,
// the string to sign, the signature and the Authorization header with the published ones.
#include "aws/sigv4_signer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace portfolio::aws {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct SuiteCase {
  RequestToSign request;
  std::string body;
  Credentials credentials;
  SigningParams params;
};

// request.txt is an HTTP/1.1 message: request line, headers (indented lines continue the previous
// value), a blank line, the body.
SuiteCase load_case(const fs::path& dir) {
  SuiteCase out;
  const std::string text = read_file(dir / "request.txt");
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  const auto first_space = line.find(' ');
  const auto version = line.rfind(" HTTP/");
  out.request.method = line.substr(0, first_space);
  const std::string target = line.substr(first_space + 1, version - first_space - 1);
  const auto question = target.find('?');
  out.request.path = target.substr(0, question);
  if (question != std::string::npos) {
    std::string_view query = std::string_view(target).substr(question + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const auto eq = pair.find('=');
      out.request.query.emplace_back(percent_decode(pair.substr(0, eq)),
                                     eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1)));
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
  }
  bool in_body = false;
  while (std::getline(lines, line)) {
    if (in_body) {
      out.body += (out.body.empty() ? "" : "\n") + line;
    } else if (line.empty()) {
      in_body = true;
    } else if (line.front() == ' ' || line.front() == '\t') {
      out.request.headers.back().second += "\n" + line;
    } else {
      const auto colon = line.find(':');
      out.request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
  }

  const json::object context = json::parse(read_file(dir / "context.json")).as_object();
  const json::object& credentials = context.at("credentials").as_object();
  out.credentials.access_key_id = json::value_to<std::string>(credentials.at("access_key_id"));
  out.credentials.secret_access_key = json::value_to<std::string>(credentials.at("secret_access_key"));
  if (const auto* token = credentials.if_contains("token")) {
    out.credentials.session_token = json::value_to<std::string>(*token);
  }
  out.params.region = json::value_to<std::string>(context.at("region"));
  out.params.service = json::value_to<std::string>(context.at("service"));
  out.params.normalize_path = context.at("normalize").as_bool();
  out.params.sign_body = context.at("sign_body").as_bool();
  if (const auto* omit = context.if_contains("omit_session_token")) {
    out.params.omit_session_token = omit->as_bool();
  }
  // Every case of the suite signs at 2015-08-30T12:36:00Z.
  EXPECT_EQ(json::value_to<std::string>(context.at("timestamp")), "2015-08-30T12:36:00Z");
  out.params.time = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} + std::chrono::hours{12} +
                    std::chrono::minutes{36};
  return out;
}

std::string authorization_line(const std::string& signed_request) {
  std::istringstream lines(signed_request);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("Authorization:")) {
      return line.substr(std::string_view("Authorization:").size());
    }
  }
  return {};
}

std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SIGV4_SUITE_DIR)) {
    if (entry.is_directory()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Sigv4SuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(Sigv4SuiteTest, MatchesPublishedSignature) {
  const fs::path dir = fs::path(SIGV4_SUITE_DIR) / GetParam();
  SuiteCase suite_case = load_case(dir);
  suite_case.request.body = suite_case.body;

  Sigv4Signer signer;
  const SignedRequest signed_request =
      signer.sign(suite_case.request, suite_case.credentials, suite_case.params);

  EXPECT_EQ(signed_request.canonical_request, read_file(dir / "header-canonical-request.txt"));
  EXPECT_EQ(signed_request.string_to_sign, read_file(dir / "header-string-to-sign.txt"));
  EXPECT_EQ(signed_request.signature, read_file(dir / "header-signature.txt"));
  const auto authorization =
      std::find_if(signed_request.headers_to_add.begin(), signed_request.headers_to_add.end(),
                   [](const auto& header) { return header.first == "Authorization"; });
  ASSERT_NE(authorization, signed_request.headers_to_add.end());
  EXPECT_EQ(authorization->second, authorization_line(read_file(dir / "header-signed-request.txt")));
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, Sigv4SuiteTest, ::testing::ValuesIn(suite_cases()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(Sigv4SuiteTest, CoversEveryCase) {
  EXPECT_EQ(suite_cases().size(), 38u);
}

TEST(Sigv4SignerTest, SignsTheSessionTokenAndReusesTheKeyAcrossCalls) {
  Sigv4Signer signer;
  RequestToSign request{"POST", "/", {}, {{"Host", "dynamodb.ap-northeast-1.amazonaws.com"}}, "{}"};
  Credentials credentials{"AKID", "secret", std::string("token"), std::nullopt, "test"};
  SigningParams params{"ap-northeast-1", "dynamodb", std::chrono::system_clock::now()};
  const auto first = signer.sign(request, credentials, params);
  const auto second = signer.sign(request, credentials, params);
  EXPECT_EQ(first.signature, second.signature);
  EXPECT_NE(first.canonical_request.find("x-amz-security-token:token"), std::string::npos);
  request.body = "{\"a\":1}";
  EXPECT_NE(signer.sign(request, credentials, params).signature, first.signature);
}

TEST(Sigv4SignerTest, EncodesPathsAndQueries) {
  EXPECT_EQ(uri_encode("a b/c~", true), "a%20b/c~");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(canonical_path("/a/./b/../c//", true), "/a/c/");
  EXPECT_EQ(canonical_path("", true), "/");
  EXPECT_EQ(canonical_query({{"b", "2"}, {"a", "x y"}}), "a=x%20y&b=2");
}

}  // namespace
}  // namespace portfolio::aws
