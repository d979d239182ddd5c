#pragma once

#include "http/request_observer.hpp"

namespace portfolio::http {

// One JSON line per request: method, route, path, status, latency, bytes, request id, client address.
class AccessLog : public RequestObserver {
 public:
  void on_request(const RequestRecord& record) override;
};

}  // namespace portfolio::http
