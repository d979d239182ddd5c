#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_types.hpp"

namespace portfolio::http {

// How a route is rate limited.
enum class RateClass { unlimited, general, ingest };

using Handler = std::function<boost::asio::awaitable<api::ApiResponse>(const api::ApiRequest&)>;

struct Route {
  std::string method;  // GET, POST, ...
  std::string path;    // template such as /api/v1/users/{user_id}
  RateClass rate_class = RateClass::general;
  Handler handler;
  std::string name;                   // "GET /api/v1/users/{user_id}": the label in logs and metrics
  std::size_t index = 0;              // position in the table, for per-route metrics
  std::vector<std::string> segments;  // the template split at '/', once, so matching allocates little
  std::uint32_t param_segments = 0;   // bit i set: segments[i] is a {name}
};

struct RouteMatch {
  const Route* route = nullptr;  // null when no route matched
  std::vector<std::pair<std::string, std::string>> params;
  // When the path matched but the method did not: the methods that would have.
  std::vector<std::string> allowed_methods;
};

// Matches a method and a path as sent (percent-encoded) against route templates. The path is split at
// its '/' first and each segment decoded after, so an encoded slash (%2F) stays inside its segment. A
// `{name}` segment matches one non-empty decoded segment; literal segments win over parameters (so
// /metrics/latest is not a device).
class Router {
 public:
  void add(std::string method, std::string path, RateClass rate_class, Handler handler);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  // Templates without parameters (/health, /api/v1/metrics/latest), by path: the routes they name.
  // A plain path that is one of them needs no split and no scan of the table.
  std::map<std::string, std::vector<std::size_t>, std::less<>> literal_routes_;
  // Every route by its number of segments: only those can match a path of that many.
  std::vector<std::vector<std::size_t>> routes_by_length_;
};

}  // namespace portfolio::http
