// Zip reader (PKWARE APPNOTE 6.3.x, WinZip AE-x): per-member encryption from the central directory,
// cross-checked with the local headers.
#pragma once

#include "archive/archive_report.hpp"

#include <memory>
#include <span>

namespace pm::archive {

/// Reads end of central directory (+ ZIP64), the central directory and every local header.
ArchiveRead read_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// Unpacks every unencrypted member (stored, deflate); encrypted members are skipped.
ArchiveExtract extract_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// A checker for a zip with encrypted members (AES: PBKDF2 verifier then HMAC-SHA1 code;
/// ZipCrypto: check byte then CRC of the decrypted member), or nullptr. `data` must outlive it.
std::unique_ptr<PasswordCheck> zip_password_check(std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive
