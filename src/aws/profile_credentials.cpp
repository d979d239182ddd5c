#include "aws/profile_credentials.hpp"

#include <fstream>

#include "text/trim.hpp"

namespace portfolio::aws {
namespace {

std::string trim(std::string_view text) {
  return std::string(text::trim(text));
}

std::optional<Credentials> from_section(const IniSection& section, const std::string& source) {
  const auto key = section.find("aws_access_key_id");
  const auto secret = section.find("aws_secret_access_key");
  if (key == section.end() || secret == section.end() || key->second.empty() || secret->second.empty()) {
    return std::nullopt;
  }
  Credentials out{key->second, secret->second, std::nullopt, std::nullopt, source};
  if (auto token = section.find("aws_session_token"); token != section.end() && !token->second.empty()) {
    out.session_token = token->second;
  }
  return out;
}

}  // namespace

std::map<std::string, IniSection> parse_ini_file(const std::string& path) {
  std::map<std::string, IniSection> sections;
  std::ifstream in(path);
  std::string line;
  IniSection* current = nullptr;
  while (std::getline(in, line)) {
    const std::string text = trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') {
      continue;
    }
    if (text.front() == '[' && text.back() == ']') {
      current = &sections[trim(std::string_view(text).substr(1, text.size() - 2))];
      continue;
    }
    const auto equals = text.find('=');
    if (current == nullptr || equals == std::string::npos || line.front() == ' ' || line.front() == '\t') {
      continue;
    }
    (*current)[trim(std::string_view(text).substr(0, equals))] =
        trim(std::string_view(text).substr(equals + 1));
  }
  return sections;
}

std::string ProfileCredentials::profile() const {
  return env_("AWS_PROFILE").value_or("default");
}

std::string ProfileCredentials::credentials_path() const {
  if (auto path = env_("AWS_SHARED_CREDENTIALS_FILE")) {
    return *path;
  }
  return env_("HOME").value_or("") + "/.aws/credentials";
}

std::string ProfileCredentials::config_path() const {
  if (auto path = env_("AWS_CONFIG_FILE")) {
    return *path;
  }
  return env_("HOME").value_or("") + "/.aws/config";
}

domain::Result<std::optional<Credentials>> ProfileCredentials::load() {
  const std::string name = profile();
  const auto credentials_file = parse_ini_file(credentials_path());
  if (auto section = credentials_file.find(name); section != credentials_file.end()) {
    if (auto found = from_section(section->second, "profile " + name)) {
      return found;
    }
  }
  const auto config_file = parse_ini_file(config_path());
  for (const std::string& header : {"profile " + name, name == "default" ? name : std::string{}}) {
    if (auto section = config_file.find(header); !header.empty() && section != config_file.end()) {
      if (auto found = from_section(section->second, "profile " + name)) {
        return found;
      }
    }
  }
  return std::optional<Credentials>{};
}

std::string ProfileCredentials::not_configured() const {
  return "shared files: no keys for profile '" + profile() + "' in " + credentials_path() + " or " +
         config_path();
}

}  // namespace portfolio::aws
