// 7z reader (7-Zip's DOC/7zFormat.txt): encryption facts from the headers alone, O(header).
#pragma once

#include "archive/archive_report.hpp"

#include <memory>
#include <span>

namespace pm::archive {

/// Reads signature header, (encoded) header and folders; never the packed data. Thread-safe.
/// Unverifiable (the error) for a bad CRC, truncation, bytes no stream accounts for, an
/// unsupported header coder, or 7zAES NumCyclesPower above limits.max_kdf_cycles_power.
/// Facts: coverage over folders that hold data (kEmptyStream members hold none); weakest_cipher
/// aes256 when any folder goes through 7zAES; kdf_cycles_power the lowest over all 7zAES coders,
/// 0 for NumCyclesPower 0x3F (7-Zip then does no key stretching at all). A header encoded through
/// 7zAES (-mhe=on) gives names_encrypted, coverage all and no members: its folders are unknown.
ArchiveRead read_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// Unpacks every readable member (folders with one copy, LZMA or LZMA2 coder; every CRC checked).
/// Members of encrypted folders are skipped, as extract_zip does; with an encrypted header the
/// list is empty. An error for any other coder, a CRC mismatch or a limit exceeded.
ArchiveExtract extract_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// A checker for an archive with 7zAES folders, or nullptr when there is nothing to check (no
/// encryption, or an archive read_seven_zip rejects). opens() is true only when the candidate's
/// key decrypts a folder whose decoded bytes pass an integrity check worth at least 32 bits (see
/// seven_zip_password.cpp for the rule); unprovable_reason() says when no folder can ever pass
/// it. Not thread-safe (it caches keys and answers); `data` must outlive the checker.
std::unique_ptr<PasswordCheck> seven_zip_password_check(
    std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive
