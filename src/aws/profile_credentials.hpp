#pragma once

#include <map>
#include <string>

#include "aws/credentials_source.hpp"

namespace portfolio::aws {

// The shared files: ~/.aws/credentials ([name] sections) then ~/.aws/config ([profile name], or
// [default]), overridden by AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE; profile AWS_PROFILE or
// "default". Keys: aws_access_key_id, aws_secret_access_key, aws_session_token.
class ProfileCredentials : public CredentialsSource {
 public:
  explicit ProfileCredentials(Environment env) : env_(std::move(env)) {}
  std::string_view name() const override { return "shared files"; }
  domain::Result<std::optional<Credentials>> load() override;
  std::string not_configured() const override;

 private:
  std::string profile() const;
  std::string credentials_path() const;
  std::string config_path() const;

  Environment env_;
};

using IniSection = std::map<std::string, std::string>;
// Sections of an AWS-style INI file by their header text ("default", "profile dev"); empty when
// the file cannot be read. Indented lines (nested settings such as s3 = ...) are skipped.
std::map<std::string, IniSection> parse_ini_file(const std::string& path);

}  // namespace portfolio::aws
