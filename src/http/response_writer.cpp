#include "http/response_writer.hpp"

#include <array>
#include <boost/beast/http/status.hpp>
#include <charconv>

namespace portfolio::http {

void append_wire_form(const boost::beast::http::response<boost::beast::http::string_body>& response,
                      std::string& out) {
  out.append(response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  std::array<char, 8> code{};
  const auto [end, ec] = std::to_chars(code.data(), code.data() + code.size(), response.result_int());
  out.append(code.data(), end);
  out.push_back(' ');
  const auto reason = response.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  for (const auto& field : response) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size());
    out.append(": ");
    out.append(value.data(), value.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  out.append(response.body());
}

}  // namespace portfolio::http
