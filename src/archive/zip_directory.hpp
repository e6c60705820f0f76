// A zip's members as the central directory lists them, each cross-checked with its local header
// (PKWARE APPNOTE 6.3.x 4.3.6-4.3.12, 4.4; WinZip AE-x notes).
#pragma once

#include "archive/archive_report.hpp"

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace pm::archive {

/// General purpose bit flag (APPNOTE 4.4.4).
namespace zip_flag {
inline constexpr std::uint16_t encrypted = 1u << 0;
inline constexpr std::uint16_t data_descriptor = 1u << 3;
inline constexpr std::uint16_t strong_encryption = 1u << 6;
inline constexpr std::uint16_t utf8_names = 1u << 11;
inline constexpr std::uint16_t masked_local_header = 1u << 13;  ///< central directory encryption
} // namespace zip_flag

/// Compression methods (APPNOTE 4.4.5; 99 from the AE-x notes).
namespace zip_method {
inline constexpr std::uint16_t stored = 0;
inline constexpr std::uint16_t deflated = 8;
inline constexpr std::uint16_t winzip_aes = 99;
} // namespace zip_method

/// One member, with the values of its central directory header after ZIP64 resolution, checked
/// against its local header.
struct ZipEntry {
    std::size_t ordinal = 0;  ///< 1-based position in the central directory (for messages)
    std::string name;  ///< UTF-8 (see decode_zip_name)
    std::uint16_t flags = 0;
    std::uint16_t method = 0;  ///< as stored: 99 for AE-x
    std::uint16_t actual_method = 0;  ///< the compression under AE-x, else `method`
    std::uint16_t local_mod_time = 0;  ///< DOS time from the local header (ZipCrypto check byte)
    std::uint32_t crc32 = 0;  ///< 0 under AE-2
    std::uint64_t compressed_size = 0;  ///< includes the encryption header / salt / MAC
    std::uint64_t uncompressed_size = 0;
    std::uint64_t local_header_offset = 0;
    std::uint64_t data_offset = 0;  ///< first byte after the local header (encryption header)
    Cipher cipher = Cipher::none;
    std::uint16_t aes_vendor_version = 0;  ///< 1 = AE-1, 2 = AE-2, 0 when not AES
    bool directory = false;  ///< name ends in '/' and no data
    bool has_data = false;  ///< compressed or uncompressed size is not 0

    bool encrypted() const { return cipher != Cipher::none; }
    /// The member's stored bytes, [data_offset, data_offset + compressed_size); the reader has
    /// checked that they are inside the archive.
    std::span<const std::byte> stored_bytes(std::span<const std::byte> archive) const
    {
        return archive.subspan(
            static_cast<std::size_t>(data_offset), static_cast<std::size_t>(compressed_size));
    }
};

/// Salt length of an AE-x member by strength (AE-x notes: 8, 12, 16 bytes for AES-128/192/256).
std::size_t aes_salt_length(Cipher cipher);
inline constexpr std::size_t aes_verifier_length = 2;  ///< AE-x password verification value
inline constexpr std::size_t aes_mac_length = 10;  ///< AE-x authentication code (HMAC-SHA1-80)
inline constexpr std::size_t zipcrypto_header_length = 12;  ///< APPNOTE 6.1.3

/// Reads the end records, the central directory and every local header. A member list comes
/// back only when the whole archive is accounted for:
/// - every central header parses, the declared count fits max_members and the directory
///   max_header_bytes, and nothing but an optional digital signature (4.3.13) follows the last;
/// - every local header has the central header's signature-checked name, method, encryption
///   flags and (unless a data descriptor defers them) CRC and sizes, and the same AE-x field;
/// - the members' local header + data + data descriptor spans tile the bytes before the central
///   directory exactly, starting at offset 0: no overlap (one data block read as two members), no
///   gap (a member a streaming reader sees but the directory does not), no prepended data.
///   Self-extractors and archives with prepended data are therefore "could not tell": we do not
///   apply the offset correction some readers do, because the prepended bytes are exactly where a
///   second, plain archive could hide from the central directory.
/// - PKWARE strong encryption (bit 6) and central directory encryption (bit 13) cannot be
///   verified: errors too.
/// Errors are one sentence, without names or other data from the archive. Thread-safe.
std::expected<std::vector<ZipEntry>, std::string> read_zip_directory(
    std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive
