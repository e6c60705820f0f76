// Small 7z header encodings shared by the parsers: bit vectors, digests, skipped properties, names.
#pragma once

#include "archive/seven_zip_header.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pm::archive::seven_zip {

/// Most properties one property list may hold; real archives have a handful.
inline constexpr std::size_t max_property_loop = 4096;

/// A count read as a NUMBER and refused above `maximum`. Callers pass a maximum no larger than
/// the bytes left whenever each item needs at least one byte (NUMBER, CRC or size): a count
/// above that is a lie refused before anything is allocated.
Parsed<std::uint64_t> read_count(ByteReader& in, std::uint64_t maximum, std::string_view what);

/// `count` bits, most significant bit of each byte first (7zFormat.txt "BIT").
std::optional<std::vector<bool>> read_bit_vector(ByteReader& in, std::uint64_t count);

/// "Digests": an AllAreDefined byte, a bit vector when it is 0, then one UINT32 per defined item.
Parsed<std::vector<std::optional<std::uint32_t>>> read_digests(ByteReader& in, std::uint64_t count);

/// Skips one (size, data) property body; false when it does not fit.
bool skip_property(ByteReader& in);

/// UTF-16LE code units to UTF-8; unpaired surrogates become U+FFFD.
std::string utf16le_to_utf8(std::span<const std::byte> units);

/// Well-formed UTF-8 to UTF-16LE bytes; nullopt for ill-formed input (no one can type it).
std::optional<std::string> utf8_to_utf16le(std::string_view text);

} // namespace pm::archive::seven_zip
