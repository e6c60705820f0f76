// The XML parts of a zip package (OOXML, ODF) that hold text, unpacked under limits.
#pragma once

#include "archive/archive_report.hpp"
#include "archive/zip_directory.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace pm::text {

struct PackagePart {
    std::string name; ///< as the package lists it, e.g. "word/document.xml"
    std::string data;
};

/// A zip package whose directory has passed the zip reader's checks (central directory, local
/// headers, no gaps or overlaps). Borrows `zip`, which must outlive it. Not thread-safe.
class Package {
public:
    /// Reads the directory, or says why the zip cannot be read (no member data in the message).
    static std::expected<Package, std::string> open(
        std::string_view zip, const archive::ArchiveLimits& limits);

    /// Member names (directories left out), in directory order.
    const std::vector<std::string>& names() const { return m_names; }
    /// Unpacks every member called `name` (stored or deflate, size and CRC-32 checked). An
    /// encrypted, too large or corrupt member is an error; so is passing max_extract_bytes over
    /// all reads of this package. An absent name gives nothing.
    std::expected<std::vector<PackagePart>, std::string> read(std::string_view name);

private:
    Package(
        std::string_view zip, std::vector<archive::ZipEntry> entries, const archive::ArchiveLimits& limits);

    std::string_view m_zip;
    std::vector<archive::ZipEntry> m_entries;
    std::vector<std::string> m_names;
    archive::ArchiveLimits m_limits;
    std::uint64_t m_unpacked = 0;
};

} // namespace pm::text
