// Zip member names as UTF-8: CP437, UTF-8 (general purpose bit 11) and the Info-ZIP Unicode Path
// extra field (PKWARE APPNOTE 6.3.x, 4.4.4 bit 11, 4.6.9 and appendix D).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pm::archive {

/// `raw` decoded as IBM code page 437 (APPNOTE D.1), the zip default: bytes below 0x80 are ASCII,
/// the high half maps through the code page table.
std::string cp437_to_utf8(std::string_view raw);

/// The UTF-8 form of a name from a central directory header (APPNOTE D.1-D.2):
/// - `unicode_path`, the body of an Info-ZIP Unicode Path extra field (0x7075), wins when its
///   version is 1 and its CRC-32 matches `raw`: that is how such a field says it still applies;
/// - general purpose bit 11 (`utf8_flag`): UTF-8, ill-formed sequences replaced by U+FFFD;
/// - a Unix or macOS host (`host_system` 3 or 19, the upper byte of "version made by") with
///   well-formed UTF-8 bytes: UTF-8. Info-ZIP zip 3.0 stores the locale's (UTF-8) bytes there
///   without setting bit 11, and every Unix unzip shows them as UTF-8;
/// - otherwise CP437.
/// Names are information for reports, never a basis for a decision: this choice changes no verdict.
std::string decode_zip_name(std::string_view raw, bool utf8_flag, std::uint8_t host_system,
    std::optional<std::span<const std::byte>> unicode_path);

} // namespace pm::archive
