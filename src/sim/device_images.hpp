#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/sim_options.hpp"

namespace portfolio::sim {

// A real, decodable PNG of one colour derived from the device id (stored deflate blocks, no zlib):
// a placeholder device photo made here, never downloaded.
std::string placeholder_png(std::string_view device_id, std::uint32_t width, std::uint32_t height);

// `--with-images`: PUTs a placeholder photo to /api/v1/devices/{id}/image for every simulated
// device (after the run, when every device has reported). Returns the number of failures.
std::size_t upload_device_images(const SimOptions& options, std::ostream& err);

}  // namespace portfolio::sim
