// Locating a zip's central directory: the end of central directory record and, when its fields
// overflow, the ZIP64 locator and record (PKWARE APPNOTE 6.3.x 4.3.14-4.3.16, 4.4.19-4.4.25).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>

namespace pm::archive {

/// Where the central directory is, as the end records say. Invariants once returned:
/// `cd_offset + cd_size == cd_end` and `cd_end <= data.size()`; the archive is single-disk.
struct ZipEndRecord {
    std::uint64_t entry_count = 0;
    std::uint64_t cd_offset = 0;
    std::uint64_t cd_size = 0;
    std::uint64_t cd_end = 0;  ///< where the ZIP64 record (when present) or the EOCD begins
    bool zip64 = false;  ///< a ZIP64 end of central directory record was used
};

/// Finds the one end of central directory record: searched backwards over the last 65557 bytes
/// (22-byte record + the largest comment), accepted only where its comment length reaches exactly
/// the end of the data. Errors ("could not tell"): none found (truncated, or bytes appended after
/// the archive), more than one candidate (ambiguous: two readers could see two archives),
/// multi-disk archives, a ZIP64 locator or record that is malformed or disagrees with the EOCD,
/// and a central directory that does not end right where the end records begin.
std::expected<ZipEndRecord, std::string> find_zip_end_record(std::span<const std::byte> data);

} // namespace pm::archive
