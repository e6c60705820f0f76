// Package: selective unpacking of package parts through the zip reader's directory and inflater.
#include "text/package_parts.hpp"

#include "archive/zip_inflate.hpp"

#include <fmt/format.h>

#include <span>

namespace pm::text {

namespace {

std::span<const std::byte> as_bytes(std::string_view zip)
{
    return std::as_bytes(std::span<const char>(zip.data(), zip.size()));
}

std::string_view describe(archive::UnpackError error)
{
    switch (error) {
    case archive::UnpackError::unsupported_method: return "unsupported compression method";
    case archive::UnpackError::corrupt: return "corrupt compressed data";
    case archive::UnpackError::too_large: return "larger than max_member_bytes";
    case archive::UnpackError::wrong_size: return "unpacked size differs from the declared size";
    case archive::UnpackError::bad_crc: return "CRC-32 mismatch";
    }
    return "cannot unpack";
}

} // namespace

Package::Package(
    std::string_view zip, std::vector<archive::ZipEntry> entries, const archive::ArchiveLimits& limits)
    : m_zip(zip)
    , m_entries(std::move(entries))
    , m_limits(limits)
{
    m_names.reserve(m_entries.size());
    for (const archive::ZipEntry& entry : m_entries) {
        if (!entry.directory) {
            m_names.push_back(entry.name);
        }
    }
}

std::expected<Package, std::string> Package::open(std::string_view zip, const archive::ArchiveLimits& limits)
{
    auto entries = archive::read_zip_directory(as_bytes(zip), limits);
    if (!entries) {
        return std::unexpected(fmt::format("unreadable package: {}", entries.error()));
    }
    return Package(zip, std::move(*entries), limits);
}

std::expected<std::vector<PackagePart>, std::string> Package::read(std::string_view name)
{
    std::vector<PackagePart> parts;
    for (const archive::ZipEntry& entry : m_entries) { // bounded by max_members
        if (entry.directory || entry.name != name) {
            continue;
        }
        if (entry.encrypted()) {
            return std::unexpected(fmt::format("{}: encrypted package part", name));
        }
        if (entry.uncompressed_size > m_limits.max_extract_bytes - m_unpacked) {
            return std::unexpected(fmt::format(
                "{}: package parts exceed max_extract_bytes ({} bytes)", name, m_limits.max_extract_bytes));
        }
        PackagePart part { std::string(name), {} };
        const auto unpacked = archive::unpack_member(entry.stored_bytes(as_bytes(m_zip)), entry.actual_method,
            entry.uncompressed_size, entry.crc32, m_limits.max_member_bytes, &part.data);
        if (!unpacked) {
            return std::unexpected(fmt::format("{}: {}", name, describe(unpacked.error())));
        }
        m_unpacked += part.data.size();
        parts.push_back(std::move(part));
    }
    return parts;
}

} // namespace pm::text
