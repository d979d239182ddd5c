#include "http/router.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace portfolio::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the percent-decoded `segment` to `storage` and returns a view of what it appended.
std::string_view decode_into(std::string& storage, std::string_view segment) {
  const auto first = storage.size();
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const int high = segment[i] == '%' && i + 2 < segment.size() ? hex_value(segment[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(segment[i + 2]) : -1;
    if (low >= 0) {
      storage.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      storage.push_back(segment[i]);
    }
  }
  return {storage.data() + first, storage.size() - first};
}

// The segments of a path split at its literal '/' and then percent-decoded, so that "%2F" stays inside
// its segment. A segment without percent-encoding (most are) is a view of `path` itself; the others
// are views of their decoded bytes in `storage`. Both are cleared first and keep their capacity, so a
// caller that reuses them allocates nothing.
void split_path(std::string_view path, std::string& storage, std::vector<std::string_view>& segments) {
  storage.clear();
  storage.reserve(path.size());  // no reallocation while decoding, so the views into it stay valid
  segments.clear();
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    segments.push_back(segment.find('%') == std::string_view::npos ? segment : decode_into(storage, segment));
    start = end + 1;
  }
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments that matched, or -1. From the last segment back, because templates
// share their first segments (/api/v1/...) and differ in the later ones.
int match_template(const Route& route, const std::vector<std::string_view>& path) {
  const auto& segments = route.segments;
  if (segments.size() != path.size()) return -1;
  int literals = 0;
  for (std::size_t i = segments.size(); i-- > 0;) {
    if ((route.param_segments >> i & 1U) != 0) {
      if (path[i].empty()) return -1;
    } else if (segments[i] == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::add(std::string method, std::string path, RateClass rate_class, Handler handler) {
  auto name = method + " " + path;
  const auto index = routes_.size();
  std::string storage;
  std::vector<std::string_view> views;
  split_path(path, storage, views);
  std::vector<std::string> segments(views.begin(), views.end());
  if (segments.size() > 32)
    throw std::invalid_argument("a route template has more than 32 segments: " + path);
  std::uint32_t param_segments = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (is_param(segments[i])) param_segments |= 1U << i;
  }
  if (param_segments == 0) literal_routes_[path].push_back(index);
  if (routes_by_length_.size() <= segments.size()) routes_by_length_.resize(segments.size() + 1);
  routes_by_length_[segments.size()].push_back(index);
  routes_.push_back({std::move(method), std::move(path), rate_class, std::move(handler), std::move(name),
                     index, std::move(segments), param_segments});
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  // HEAD is answered wherever GET is.
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  // A path without percent-encoding is its own decoded form, and a literal template of it matches
  // all of its segments: no other route can match better.
  if (path.find('%') == std::string_view::npos) {
    if (auto literal = literal_routes_.find(path); literal != literal_routes_.end()) {
      for (const auto index : literal->second) {
        if (routes_[index].method == wanted) {
          result.route = &routes_[index];
          return result;
        }
      }
    }
  }
  // Per thread and reused: matching a request allocates only the parameters it returns.
  thread_local std::string storage;
  thread_local std::vector<std::string_view> segments;
  split_path(path, storage, segments);
  if (segments.size() >= routes_by_length_.size()) return result;
  const auto& candidates = routes_by_length_[segments.size()];
  int best = -1;
  int best_any_method = -1;
  for (const auto index : candidates) {
    const auto& route = routes_[index];
    const int score = match_template(route, segments);
    if (score < 0) continue;
    best_any_method = std::max(best_any_method, score);
    if (route.method == wanted && score > best) {
      best = score;
      result.route = &route;
    }
  }
  // A parameter route of the right method can lose to a literal route of another method only if the
  // literal route is the better match for the path; then the path belongs to the literal route.
  if (result.route != nullptr && best < best_any_method) result.route = nullptr;
  if (result.route == nullptr) {
    // The methods of the best-matching path, for a 405's Allow: collected only when it is needed.
    if (best_any_method < 0) return result;
    for (const auto index : candidates) {
      const auto& route = routes_[index];
      if (match_template(route, segments) == best_any_method &&
          std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
              result.allowed_methods.end()) {
        result.allowed_methods.push_back(route.method);
      }
    }
    return result;
  }
  const auto& templates = result.route->segments;
  for (std::size_t i = 0; i < templates.size(); ++i) {
    if ((result.route->param_segments >> i & 1U) != 0)
      result.params.emplace_back(templates[i].substr(1, templates[i].size() - 2), std::string(segments[i]));
  }
  return result;
}

}  // namespace portfolio::http
