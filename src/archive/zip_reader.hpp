// Zip reader (PKWARE APPNOTE 6.3.x, WinZip AE-x): per-member encryption from the central directory,
// cross-checked with the local headers.
#pragma once

#include "archive/archive_report.hpp"

#include <cstdint>
#include <memory>
#include <span>

namespace pm::archive {

/// Reads end of central directory (+ ZIP64), the central directory and every local header, and
/// checks that the members account for every byte before the central directory (see
/// read_zip_directory in zip_directory.hpp for every rule). Facts: coverage over members with data
/// (directories and empty files do not count), the weakest cipher among them, names_encrypted
/// always false, kdf_cycles_power nullopt, member_count = central directory entries. Errors
/// ("could not tell") name no member data. Thread-safe.
ArchiveRead read_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// Unpacks every unencrypted member (stored, deflate) after the same checks as read_zip;
/// encrypted members and directories are skipped. Each member's declared size must fit
/// max_member_bytes and the running total max_extract_bytes (refused before unpacking: "member N
/// exceeds ..."); output never passes the declared size, and CRC-32 must match. Thread-safe.
ArchiveExtract extract_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// The most packed bytes a password proof reads: the MAC'd data of an AES member, or the data
/// a ZipCrypto member decrypts and inflates (its output is only checksummed, capped at
/// max_member_bytes). A larger member is "not proved: member too large", never "does not open".
inline constexpr std::uint64_t zip_max_proof_bytes = 4ull << 20;

/// A checker for a zip with encrypted members, or nullptr (unreadable archive, or nothing
/// encrypted). It proves one member, the smallest provable encrypted one:
/// - AES (AE-1/AE-2): PBKDF2-HMAC-SHA1 (1000 iterations) over the member's salt; the 2-byte
///   verifier only filters (1 in 65536 wrong passwords pass); proved when HMAC-SHA1 with the
///   derived authentication key over the encrypted data equals the 10-byte authentication code.
/// - ZipCrypto: the check byte of the decrypted 12-byte header filters (1 in 256); proved when
///   the decrypted member unpacks (stored/deflate) to its declared size and CRC-32. A member under
///   4 bytes cannot give a 32-bit proof and is not used.
/// When no member is provable, unprovable_reason() says why and opens() is always false.
/// Verdicts are cached per candidate for the life of the object (the target member, hence the
/// salt, is fixed). Not thread-safe; `data` must outlive the checker.
std::unique_ptr<PasswordCheck> zip_password_check(
    std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive
