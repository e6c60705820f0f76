// Unpacking one zip member's bytes (stored or raw deflate, APPNOTE 6.3.x 4.4.5 methods 0 and 8)
// with a hard output cap and its CRC-32 (4.4.7).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>

namespace pm::archive {

enum class UnpackError {
    unsupported_method,  ///< not stored or deflate
    corrupt,  ///< bad deflate stream, trailing bytes, or stored sizes that differ
    too_large,  ///< the declared size is past `max_output`: nothing unpacked
    wrong_size,  ///< output is not the declared size (stopped as soon as it passes it)
    bad_crc,  ///< CRC-32 of the output is not the declared one
};

/// Unpacks `packed` (method 0 or 8) and checks it against the declared size and CRC-32. A
/// declared size past `max_output` is refused before any work; output is never allowed past the
/// declared size (a zip bomb that lies about its size stops there), so at most `max_output` bytes
/// are produced. Appends the output to `output` when not null; otherwise only counts and
/// checksums it, in constant memory.
std::expected<void, UnpackError> unpack_member(std::span<const std::byte> packed, std::uint16_t method,
    std::uint64_t declared_size, std::uint32_t declared_crc, std::uint64_t max_output, std::string* output);

} // namespace pm::archive
