// 7z reader (7-Zip's DOC/7zFormat.txt): encryption facts from the headers alone, O(header).
#pragma once

#include "archive/archive_report.hpp"

#include <memory>
#include <span>

namespace pm::archive {

/// Reads signature header, (encoded) header and folders; never the packed data. Thread-safe.
ArchiveRead read_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// Unpacks every member of an archive without any encryption (copy, LZMA, LZMA2 coders).
ArchiveExtract extract_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits);

/// A checker for an archive with 7zAES folders, or nullptr when there is nothing to check.
/// `data` must outlive the checker.
std::unique_ptr<PasswordCheck> seven_zip_password_check(
    std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive
