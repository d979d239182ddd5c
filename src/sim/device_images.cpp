#include "sim/device_images.hpp"

#include <curl/curl.h>

#include <array>
#include <memory>

#include "sim/reading_generator.hpp"

namespace portfolio::sim {
namespace {

std::uint32_t crc32(std::string_view data) {
  std::uint32_t crc = 0xffffffffU;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1U) ^ (0xedb88320U & (0U - (crc & 1U)));
  }
  return ~crc;
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xffU));
}

void chunk(std::string& out, std::string_view type, std::string_view data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body.append(data);
  out += body;
  put_be32(out, crc32(body));
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

std::string placeholder_png(std::string_view device_id, std::uint32_t width, std::uint32_t height) {
  const std::uint32_t hash = crc32(device_id);
  const std::array<char, 3> rgb{static_cast<char>(64 + (hash & 0x7fU)),
                                static_cast<char>(64 + ((hash >> 8U) & 0x7fU)),
                                static_cast<char>(64 + ((hash >> 16U) & 0x7fU))};
  std::string raw;  // filter byte 0, then RGB pixels, per row
  for (std::uint32_t y = 0; y < height; ++y) {
    raw.push_back('\0');
    for (std::uint32_t x = 0; x < width; ++x) raw.append(rgb.data(), rgb.size());
  }
  // zlib stream of stored blocks (at most 65535 bytes each) and the Adler-32 of the raw data.
  std::string z("\x78\x01", 2);
  for (std::size_t at = 0; at < raw.size() || at == 0; at += 65535) {
    const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(65535, raw.size() - at));
    const bool last = at + n >= raw.size();
    z.push_back(last ? '\x01' : '\x00');
    z.push_back(static_cast<char>(n & 0xffU));
    z.push_back(static_cast<char>(n >> 8U));
    z.push_back(static_cast<char>(~n & 0xffU));
    z.push_back(static_cast<char>((~n >> 8U) & 0xffU));
    z.append(raw, at, n);
    if (last) break;
  }
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521U;
    b = (b + a) % 65521U;
  }
  put_be32(z, (b << 16U) | a);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr.append("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", z);
  chunk(png, "IEND", "");
  return png;
}

std::size_t upload_device_images(const SimOptions& options, std::ostream& err) {
  const ReadingGenerator generator(options.seed, options.devices, options.device_prefix);
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return options.devices;
  std::size_t failures = 0;
  for (const auto& device : generator.devices()) {
    const std::string body = placeholder_png(device.device_id, 160, 120);
    const std::string url = options.api_url + "/api/v1/devices/" + device.device_id + "/image";
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: image/png");
    if (!options.api_key.empty())
      headers = curl_slist_append(headers, ("X-API-Key: " + options.api_key).c_str());
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    long status = 0;
    const CURLcode code = curl_easy_perform(h);
    if (code == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    if (status != 200) {
      ++failures;
      err << "portfolio-sim: photo of " << device.device_id << ": "
          << (code != CURLE_OK ? curl_easy_strerror(code) : "HTTP " + std::to_string(status)) << "\n";
    }
  }
  return failures;
}

}  // namespace portfolio::sim
