// Zip member names as UTF-8 (APPNOTE 6.3.x appendix D; Info-ZIP Unicode Path extra field, 4.6.9).
#include "archive/zip_names.hpp"

#include "core/utf8.hpp"

#include "core/byte_reader.hpp"
#include "mime/utf8_text.hpp"

#include <array>
#include <zlib.h>

namespace pm::archive {

namespace {

// IBM code page 437, bytes 0x80-0xFF, as Unicode code points (APPNOTE D.1 names the code page;
// the table is the code page's published mapping).
constexpr std::array<char16_t, 128> cp437_high = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,  // 0x80
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,  // 0x88
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,  // 0x90
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,  // 0x98
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,  // 0xA0
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,  // 0xA8
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,  // 0xB0
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,  // 0xB8
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,  // 0xC0
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,  // 0xC8
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,  // 0xD0
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,  // 0xD8
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,  // 0xE0
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,  // 0xE8
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,  // 0xF0
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,  // 0xF8
};

constexpr std::uint8_t host_unix = 3;  // APPNOTE 4.4.2.2
constexpr std::uint8_t host_os_x = 19;

// APPNOTE 4.6.9: Info-ZIP Unicode Path extra field: version (1 byte, 1), CRC-32 of the header's
// name (4 bytes), the UTF-8 name (the rest).
std::optional<std::string> unicode_path_name(std::span<const std::byte> body, std::string_view raw)
{
    ByteReader reader(body);
    const auto version = reader.u8();
    const auto name_crc = reader.u32le();
    if (!version || !name_crc || *version != 1) {
        return std::nullopt;
    }
    const auto crc = static_cast<std::uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uInt>(raw.size())));
    if (crc != *name_crc) {
        return std::nullopt;  // the name was changed after the extra field was written: stale
    }
    const auto name = reader.tail(reader.position());
    return mime::to_valid_utf8(std::string_view(reinterpret_cast<const char*>(name.data()), name.size()));
}

} // namespace

std::string cp437_to_utf8(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (const char c : raw) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            out += c;
        } else {
            append_utf8(out, cp437_high[byte - 0x80]);
        }
    }
    return out;
}

std::string decode_zip_name(std::string_view raw, bool utf8_flag, std::uint8_t host_system,
    std::optional<std::span<const std::byte>> unicode_path)
{
    // Names are at most 65535 bytes (a 2-byte length), so every path here is bounded.
    if (unicode_path) {
        if (auto name = unicode_path_name(*unicode_path, raw)) {
            return std::move(*name);
        }
    }
    if (utf8_flag) {
        return mime::to_valid_utf8(raw);
    }
    if ((host_system == host_unix || host_system == host_os_x) && mime::is_valid_utf8(raw)) {
        return std::string(raw);
    }
    return cp437_to_utf8(raw);
}

} // namespace pm::archive
