#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/page.hpp"
#include "domain/reading.hpp"

// Reading responses written straight into their JSON text through portfolio::json::TextBuilder,
// without building a boost::json DOM: the hot pages (history, latest) and the ingestion echo. The
// text is byte for byte what portfolio::json::to_text writes for to_json(reading) and page_json(...)
// (tests/api/reading_text_test.cpp compares the two).
namespace portfolio::api {

// {"device_id","timestamp","temperature","humidity","status"[,"battery_level"][,"location"]}
void append_reading(std::string& out, const domain::Reading& reading);
std::string reading_text(const domain::Reading& reading);

// {"items":[readings],"count":n,"next_cursor":"..."|null,"device_id":"..."}
std::string history_page_text(const domain::Page<domain::Reading>& page,
                              const std::optional<std::string>& next_cursor, std::string_view device_id);
// {"items":[latest reading of each device],"count":n,"next_cursor":"..."|null}
std::string latest_page_text(const domain::Page<domain::DeviceState>& page,
                             const std::optional<std::string>& next_cursor);
// {"readings":[readings]}: the body of POST /api/v1/metrics/batch.
std::string batch_text(std::span<const domain::Reading> readings);

}  // namespace portfolio::api
