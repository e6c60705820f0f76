// The extra fields of a zip header that decide what we prove: ZIP64 sizes (0x0001), WinZip AE-x
// (0x9901) and the Info-ZIP Unicode Path (0x7075) (PKWARE APPNOTE 6.3.x 4.5, 4.6.9; WinZip AE-x).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>

namespace pm::archive {

/// WinZip AES extra field 0x9901 (AE-x notes, "Extra data field"): vendor version 1 (AE-1) or 2
/// (AE-2), vendor id "AE", strength 1/2/3 (AES-128/192/256), the compression method under the
/// encryption. Only structurally read here; values are checked by the directory reader.
struct AesExtraField {
    std::uint16_t vendor_version = 0;
    std::uint16_t vendor_id = 0;  ///< 0x4541, the bytes "AE"
    std::uint8_t strength = 0;
    std::uint16_t actual_method = 0;
};

/// The fields we use from one header's extra area. Spans borrow the archive bytes.
struct ExtraFields {
    std::optional<std::span<const std::byte>> zip64;  ///< body of 0x0001
    std::optional<AesExtraField> aes;  ///< 0x9901
    std::optional<std::span<const std::byte>> unicode_path;  ///< body of 0x7075
};

/// Splits an extra area into header id + size blocks (APPNOTE 4.5.1). Errors: a block that runs
/// past the area, a duplicated 0x0001/0x9901/0x7075 block (two readers could pick different ones),
/// or an AE-x block shorter than its 7 bytes. Up to 3 trailing zero bytes are tolerated (alignment
/// padding some writers add). Every loop step consumes at least 4 bytes: bounded by the area size.
std::expected<ExtraFields, std::string> parse_extra_fields(std::span<const std::byte> extra);

/// The values a ZIP64 extended information block (APPNOTE 4.5.3) holds, read in its fixed order
/// and only for the header fields that are 0xFFFFFFFF / 0xFFFF (the `need_*` flags).
struct Zip64Values {
    std::optional<std::uint64_t> uncompressed_size;
    std::optional<std::uint64_t> compressed_size;
    std::optional<std::uint64_t> local_header_offset;
    std::optional<std::uint32_t> disk_start;
};

/// Reads the values the header says are in the ZIP64 block; an error when the block is too short.
std::expected<Zip64Values, std::string> read_zip64_values(std::span<const std::byte> body,
    bool need_uncompressed, bool need_compressed, bool need_offset, bool need_disk);

} // namespace pm::archive
