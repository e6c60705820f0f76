// PNG (ISO/IEC 15948): signature, chunks, zlib-compressed IDAT, per-row filters 0..4.
#include "support/png_reader.hpp"

#include <cstdlib>
#include <set>
#include <stdexcept>
#include <zlib.h>

namespace pm::test {
namespace {

std::uint32_t be32(const std::string& b, std::size_t at)
{
    if (at + 4 > b.size()) {
        throw std::runtime_error("PNG truncated");
    }
    return (std::uint32_t(static_cast<unsigned char>(b[at])) << 24) | (std::uint32_t(static_cast<unsigned char>(b[at + 1])) << 16)
        | (std::uint32_t(static_cast<unsigned char>(b[at + 2])) << 8) | std::uint32_t(static_cast<unsigned char>(b[at + 3]));
}

int paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

} // namespace

Image decode_png(const std::string& bytes)
{
    if (bytes.size() < 8 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
        throw std::runtime_error("not a PNG");
    }
    Image image;
    int channels = 0;
    std::string compressed;
    for (std::size_t at = 8; at + 8 <= bytes.size();) {
        const std::uint32_t length = be32(bytes, at);
        const std::string type = bytes.substr(at + 4, 4);
        if (at + 12 + length > bytes.size()) {
            throw std::runtime_error("PNG chunk truncated");
        }
        const std::string data = bytes.substr(at + 8, length);
        if (type == "IHDR") {
            image.width = be32(data, 0);
            image.height = be32(data, 4);
            const int depth = static_cast<unsigned char>(data[8]);
            const int colour = static_cast<unsigned char>(data[9]);
            const int interlace = static_cast<unsigned char>(data[12]);
            if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0 || image.width > 20000 || image.height > 20000) {
                throw std::runtime_error("unsupported PNG layout");
            }
            channels = colour == 2 ? 3 : 4;
        } else if (type == "IDAT") {
            compressed += data;
        } else if (type == "IEND") {
            break;
        }
        at += 12 + length;
    }
    if (channels == 0) {
        throw std::runtime_error("PNG without IHDR");
    }
    const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
    std::vector<unsigned char> raw((stride + 1) * image.height);
    uLongf raw_size = raw.size();
    if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(compressed.data()), compressed.size()) != Z_OK
        || raw_size != raw.size()) {
        throw std::runtime_error("PNG image data does not inflate to its size");
    }
    std::vector<unsigned char> previous(stride, 0), current(stride);
    image.pixels.reserve(static_cast<std::size_t>(image.width) * image.height);
    for (std::uint32_t y = 0; y < image.height; ++y) {
        const unsigned char filter = raw[y * (stride + 1)];
        const unsigned char* line = &raw[y * (stride + 1) + 1];
        for (std::size_t x = 0; x < stride; ++x) {
            const int a = x >= static_cast<std::size_t>(channels) ? current[x - channels] : 0;
            const int b = previous[x];
            const int c = x >= static_cast<std::size_t>(channels) ? previous[x - channels] : 0;
            int predicted = 0;
            switch (filter) {
            case 0: predicted = 0; break;
            case 1: predicted = a; break;
            case 2: predicted = b; break;
            case 3: predicted = (a + b) / 2; break;
            case 4: predicted = paeth(a, b, c); break;
            default: throw std::runtime_error("bad PNG filter");
            }
            current[x] = static_cast<unsigned char>(line[x] + predicted);
        }
        for (std::uint32_t x = 0; x < image.width; ++x) {
            const unsigned char* p = &current[x * channels];
            image.pixels.push_back((std::uint32_t(p[0]) << 16) | (std::uint32_t(p[1]) << 8) | p[2]);
        }
        std::swap(previous, current);
    }
    return image;
}

std::size_t distinct_colours(const Image& image)
{
    return std::set<std::uint32_t>(image.pixels.begin(), image.pixels.end()).size();
}

} // namespace pm::test
