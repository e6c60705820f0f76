// extract_zip: the readable (unencrypted) members of a zip, unpacked under the archive limits.
#include "archive/zip_directory.hpp"
#include "archive/zip_inflate.hpp"
#include "archive/zip_reader.hpp"

#include <fmt/format.h>

namespace pm::archive {

namespace {

std::string describe(UnpackError error, const ZipEntry& entry, const ArchiveLimits& limits)
{
    switch (error) {
    case UnpackError::unsupported_method:
        return fmt::format(
            "member {}: unsupported compression method {}", entry.ordinal, entry.actual_method);
    case UnpackError::corrupt: return fmt::format("member {}: corrupt compressed data", entry.ordinal);
    case UnpackError::too_large:
        return fmt::format(
            "member {} exceeds max_member_bytes ({} bytes)", entry.ordinal, limits.max_member_bytes);
    case UnpackError::wrong_size:
        return fmt::format(
            "member {}: unpacked size is not the declared {} bytes", entry.ordinal, entry.uncompressed_size);
    case UnpackError::bad_crc: return fmt::format("member {}: CRC-32 mismatch", entry.ordinal);
    }
    return fmt::format("member {}: cannot unpack", entry.ordinal);
}

} // namespace

ArchiveExtract extract_zip(std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto entries = read_zip_directory(data, limits);
    if (!entries) {
        return std::unexpected(entries.error());
    }
    std::vector<ExtractedMember> members;
    std::uint64_t total = 0;
    for (const ZipEntry& entry : *entries) {  // bounded by max_members
        if (entry.directory || entry.encrypted()) {
            continue;
        }
        // Refuse before unpacking: the declared size bounds the output (unpack_member stops at it).
        if (entry.uncompressed_size > limits.max_extract_bytes - total) {
            return std::unexpected(fmt::format("member {} exceeds max_extract_bytes ({} bytes in total)",
                entry.ordinal, limits.max_extract_bytes));
        }
        ExtractedMember member{entry.name, {}};
        const auto unpacked = unpack_member(entry.stored_bytes(data), entry.actual_method,
            entry.uncompressed_size, entry.crc32, limits.max_member_bytes, &member.data);
        if (!unpacked) {
            return std::unexpected(describe(unpacked.error(), entry, limits));
        }
        total += member.data.size();
        members.push_back(std::move(member));
    }
    return members;
}

} // namespace pm::archive
