#include "api/reading_text.hpp"

#include <cstdint>
#include <vector>

#include "json/text_builder.hpp"

namespace portfolio::api {
namespace {

using portfolio::json::TextBuilder;

// A reading's text is about 130 bytes without a location; reserving once avoids regrowth.
constexpr std::size_t kReadingBytes = 160;

void write_next_cursor(TextBuilder& out, const std::optional<std::string>& next_cursor) {
  out.literal(",\"next_cursor\":");
  if (next_cursor) {
    out.string(*next_cursor);
  } else {
    out.literal("null");
  }
}

// Where the text of the last device id written starts and ends, so that the next reading of the
// same device (every reading of a history page) copies it instead of escaping it again.
struct LastDeviceId {
  std::string_view id;
  std::size_t from = 0;
  std::size_t size = 0;
};

void write_reading(TextBuilder& out, const domain::Reading& reading, LastDeviceId& last) {
  out.literal("{\"device_id\":");
  if (!last.id.empty() && reading.device_id == last.id) {
    out.repeat(last.from, last.size);
  } else {
    last.id = reading.device_id;
    last.from = out.size();
    out.string(reading.device_id);
    last.size = out.size() - last.from;
  }
  out.literal(",\"timestamp\":");
  out.number(static_cast<std::int64_t>(reading.timestamp_ms));
  out.literal(",\"temperature\":");
  out.number(reading.temperature);
  out.literal(",\"humidity\":");
  out.number(reading.humidity);
  out.literal(",\"status\":");
  out.plain_string(domain::to_string(reading.status));
  if (reading.battery_level) {
    out.literal(",\"battery_level\":");
    out.number(*reading.battery_level);
  }
  if (reading.location) {
    out.literal(",\"location\":");
    out.string(*reading.location);
  }
  out.push_back('}');
}

// [...] of `items`, each written through `reading_of`.
template <class Items, class ReadingOf>
void write_reading_array(TextBuilder& out, const Items& items, ReadingOf reading_of) {
  out.push_back('[');
  bool first = true;
  LastDeviceId last;
  for (const auto& item : items) {
    if (!first) out.push_back(',');
    first = false;
    write_reading(out, reading_of(item), last);
  }
  out.push_back(']');
}

const domain::Reading& itself(const domain::Reading& reading) {
  return reading;
}

// "items":[...],"count":n,"next_cursor":... of `items`, each written through `reading_of`.
template <class T, class ReadingOf>
void write_items(TextBuilder& out, const std::vector<T>& items, const std::optional<std::string>& next_cursor,
                 ReadingOf reading_of) {
  out.literal("\"items\":");
  write_reading_array(out, items, reading_of);
  out.literal(",\"count\":");
  out.number(static_cast<std::uint64_t>(items.size()));
  write_next_cursor(out, next_cursor);
}

}  // namespace

void append_reading(std::string& out, const domain::Reading& reading) {
  TextBuilder builder(out);
  LastDeviceId none;
  write_reading(builder, reading, none);
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
  {
    TextBuilder builder(out);
    builder.push_back('{');
    write_items(builder, page.items, next_cursor, itself);
    builder.literal(",\"device_id\":");
    builder.string(device_id);
    builder.push_back('}');
  }
  return out;
}

std::string latest_page_text(const domain::Page<domain::DeviceState>& page,
                             const std::optional<std::string>& next_cursor) {
  std::string out;
  out.reserve(64 + page.items.size() * kReadingBytes);
  {
    TextBuilder builder(out);
    builder.push_back('{');
    write_items(builder, page.items, next_cursor,
                [](const domain::DeviceState& d) -> const domain::Reading& { return d.latest; });
    builder.push_back('}');
  }
  return out;
}

std::string batch_text(std::span<const domain::Reading> readings) {
  std::string out;
  out.reserve(16 + readings.size() * kReadingBytes);
  {
    TextBuilder builder(out);
    builder.literal("{\"readings\":");
    write_reading_array(builder, readings, itself);
    builder.push_back('}');
  }
  return out;
}

}  // namespace portfolio::api
