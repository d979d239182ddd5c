#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace portfolio::http {

// JSON bodies smaller than this go out as they are: compressing them costs more than it saves.
constexpr std::size_t kCompressMinBytes = 1024;

// Whether an Accept-Encoding value accepts gzip: `gzip` or `*` with a q-value above zero, and gzip not
// refused by name (`gzip;q=0`).
bool accepts_gzip(std::string_view accept_encoding);

// `data` as a gzip member (RFC 1952), or nullopt if zlib fails. Level 1 (fastest): JSON is repetitive
// enough that it still shrinks several times over, at a fraction of the default level's CPU.
std::optional<std::string> gzip(std::string_view data, int level = 1);

}  // namespace portfolio::http
