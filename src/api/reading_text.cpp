#include "api/reading_text.hpp"

#include <cstdint>
#include <vector>

#include "json/json_text.hpp"

namespace portfolio::api {
namespace {

using portfolio::json::append_number;
using portfolio::json::append_string;

// A reading's text is about 130 bytes without a location; reserving once avoids regrowth.
constexpr std::size_t kReadingBytes = 160;

void append_next_cursor(std::string& out, const std::optional<std::string>& next_cursor) {
  out.append(",\"next_cursor\":");
  if (next_cursor) {
    append_string(out, *next_cursor);
  } else {
    out.append("null");
  }
}

// [...] of `items`, each written through `reading_of`.
template <class Items, class ReadingOf>
void append_reading_array(std::string& out, const Items& items, ReadingOf reading_of) {
  out.push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.push_back(',');
    first = false;
    append_reading(out, reading_of(item));
  }
  out.push_back(']');
}

const domain::Reading& itself(const domain::Reading& reading) {
  return reading;
}

// "items":[...],"count":n,"next_cursor":... of `items`, each written through `reading_of`.
template <class T, class ReadingOf>
void append_items(std::string& out, const std::vector<T>& items,
                  const std::optional<std::string>& next_cursor, ReadingOf reading_of) {
  out.append("\"items\":");
  append_reading_array(out, items, reading_of);
  out.append(",\"count\":");
  append_number(out, static_cast<std::uint64_t>(items.size()));
  append_next_cursor(out, next_cursor);
}

}  // namespace

void append_reading(std::string& out, const domain::Reading& reading) {
  out.append("{\"device_id\":");
  append_string(out, reading.device_id);
  out.append(",\"timestamp\":");
  append_number(out, static_cast<std::int64_t>(reading.timestamp_ms));
  out.append(",\"temperature\":");
  append_number(out, reading.temperature);
  out.append(",\"humidity\":");
  append_number(out, reading.humidity);
  out.append(",\"status\":");
  append_string(out, domain::to_string(reading.status));
  if (reading.battery_level) {
    out.append(",\"battery_level\":");
    append_number(out, *reading.battery_level);
  }
  if (reading.location) {
    out.append(",\"location\":");
    append_string(out, *reading.location);
  }
  out.push_back('}');
}

std::string reading_text(const domain::Reading& reading) {
  std::string out;
  out.reserve(kReadingBytes);
  append_reading(out, reading);
  return out;
}

std::string history_page_text(const domain::Page<domain::Reading>& page,
                              const std::optional<std::string>& next_cursor, std::string_view device_id) {
  std::string out;
  out.reserve(64 + page.items.size() * kReadingBytes + device_id.size());
  out.push_back('{');
  append_items(out, page.items, next_cursor, itself);
  out.append(",\"device_id\":");
  append_string(out, device_id);
  out.push_back('}');
  return out;
}

std::string latest_page_text(const domain::Page<domain::DeviceState>& page,
                             const std::optional<std::string>& next_cursor) {
  std::string out;
  out.reserve(64 + page.items.size() * kReadingBytes);
  out.push_back('{');
  append_items(out, page.items, next_cursor,
               [](const domain::DeviceState& d) -> const domain::Reading& { return d.latest; });
  out.push_back('}');
  return out;
}

std::string batch_text(std::span<const domain::Reading> readings) {
  std::string out;
  out.reserve(16 + readings.size() * kReadingBytes);
  out.append("{\"readings\":");
  append_reading_array(out, readings, itself);
  out.push_back('}');
  return out;
}

}  // namespace portfolio::api
