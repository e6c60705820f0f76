// A small PNG decoder for tests (zlib): enough to tell a rendered screenshot from a blank one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pm::test {

struct Image {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint32_t> pixels;  ///< 0xRRGGBB, row by row
};

/// Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes). Throws
/// std::runtime_error on anything else.
Image decode_png(const std::string& bytes);

/// How many different colours the image uses.
std::size_t distinct_colours(const Image& image);

} // namespace pm::test
