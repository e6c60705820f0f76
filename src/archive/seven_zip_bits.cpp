// Small 7z header encodings (DOC/7zFormat.txt "BIT", "Digests") and UTF-16LE <-> UTF-8 for names
// and passwords.
#include "archive/seven_zip_bits.hpp"

#include "core/utf8.hpp"

#include <fmt/format.h>

namespace pm::archive::seven_zip {

namespace {

void append_utf16le(std::string& out, std::uint32_t unit)
{
    out += static_cast<char>(unit & 0xFF);
    out += static_cast<char>(unit >> 8);
}

} // namespace

Parsed<std::uint64_t> read_count(ByteReader& in, std::uint64_t maximum, std::string_view what)
{
    const auto n = read_number(in);
    if (!n) {
        return std::unexpected(fmt::format("truncated header: {} count", what));
    }
    if (*n > maximum) {
        return std::unexpected(fmt::format("too many {}: {} (limit {})", what, *n, maximum));
    }
    return *n;
}

std::optional<std::vector<bool>> read_bit_vector(ByteReader& in, std::uint64_t count)
{
    const auto bytes = in.bytes((count + 7) / 8);
    if (!bytes) {
        return std::nullopt;
    }
    std::vector<bool> bits(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < bits.size(); ++i) {
        bits[i] = (static_cast<unsigned>((*bytes)[i / 8]) & (0x80u >> (i % 8))) != 0;
    }
    return bits;
}

Parsed<std::vector<std::optional<std::uint32_t>>> read_digests(ByteReader& in, std::uint64_t count)
{
    const auto all_defined = in.u8();
    if (!all_defined) {
        return std::unexpected("truncated header: digests");
    }
    std::vector<bool> defined;
    if (*all_defined == 0) {
        auto bits = read_bit_vector(in, count);
        if (!bits) {
            return std::unexpected("truncated header: digest bits");
        }
        defined = std::move(*bits);
    } else {
        // Checked before allocating: `count` came from the input.
        if (count > in.remaining() / 4) {
            return std::unexpected("truncated header: digests");
        }
        defined.assign(static_cast<std::size_t>(count), true);
    }
    std::vector<std::optional<std::uint32_t>> out(defined.size());
    for (std::size_t i = 0; i < defined.size(); ++i) {
        if (defined[i]) {
            const auto crc = in.u32le();
            if (!crc) {
                return std::unexpected("truncated header: digests");
            }
            out[i] = *crc;
        }
    }
    return out;
}

bool skip_property(ByteReader& in)
{
    const std::size_t start = in.position();
    const auto size = read_number(in);
    if (!size || !in.skip(*size)) {
        in.seek(start);
        return false;
    }
    return true;
}

std::string utf16le_to_utf8(std::span<const std::byte> units)
{
    std::string out;
    out.reserve(units.size());
    const auto unit_at = [&](std::size_t i) {
        return static_cast<std::uint32_t>(units[2 * i]) | (static_cast<std::uint32_t>(units[2 * i + 1]) << 8);
    };
    const std::size_t count = units.size() / 2;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t unit = unit_at(i);
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < count) {
            const std::uint32_t low = unit_at(i + 1);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                ++i;
                continue;
            }
        }
        append_utf8(out, (unit >= 0xD800 && unit <= 0xDFFF) ? 0xFFFD : unit);
    }
    return out;
}

std::optional<std::string> utf8_to_utf16le(std::string_view text)
{
    std::string out;
    out.reserve(text.size() * 2);
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t cp = 0;
        std::uint32_t minimum = 0;
        if (lead < 0x80) {
            length = 1, cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2, cp = lead & 0x1F, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, cp = lead & 0x0F, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, cp = lead & 0x07, minimum = 0x10000;
        } else {
            return std::nullopt;
        }
        if (text.size() - i < length) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto cont = static_cast<unsigned char>(text[i + k]);
            if ((cont & 0xC0) != 0x80) {
                return std::nullopt;
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return std::nullopt;
        }
        if (cp >= 0x10000) {
            append_utf16le(out, 0xD800 + ((cp - 0x10000) >> 10));
            append_utf16le(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            append_utf16le(out, cp);
        }
        i += length;
    }
    return out;
}

} // namespace pm::archive::seven_zip
