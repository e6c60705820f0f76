// extract_seven_zip: unpacks the readable members of a 7z archive (copy, LZMA, LZMA2 folders).
#include "archive/seven_zip_archive.hpp"
#include "archive/seven_zip_coders.hpp"
#include "archive/seven_zip_reader.hpp"

#include <fmt/format.h>

namespace pm::archive {

namespace {

using namespace seven_zip;

/// One unencrypted folder decoded whole, its CRCs checked (folder and sub-streams).
Parsed<std::string> decode_folder(const Archive& archive, const StreamsInfo& streams, std::size_t index,
    const ArchiveLimits& limits, std::uint64_t budget)
{
    const Folder& folder = streams.folders[index];
    const auto chain = linear_chain(folder);
    if (!chain || chain->size() != 1 || !is_decodable(folder.coders[chain->front()].method)) {
        for (const Coder& coder : folder.coders) {
            if (!is_decodable(coder.method)) {
                return std::unexpected(fmt::format("unsupported coder {}", method_name(coder.method)));
            }
        }
        return std::unexpected("unsupported coder chain");
    }
    if (folder.unpack_size() > budget) {
        return std::unexpected(
            fmt::format("archive unpacks to more than max_extract_bytes ({})", limits.max_extract_bytes));
    }
    const auto packed = archive.packed_stream(streams, folder.first_packed_stream);
    auto decoded
        = decode_coder(folder.coders[chain->front()], packed, folder.unpack_size(), folder.unpack_size());
    if (!decoded) {
        return std::unexpected(decoded.error());
    }
    if (!decoded->complete) {
        return std::unexpected("packed stream ends before its data");
    }
    if (folder.crc && crc32(decoded->bytes) != *folder.crc) {
        return std::unexpected("CRC mismatch");
    }
    return std::move(decoded->bytes);
}

} // namespace

ArchiveExtract extract_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto archive = load_archive(data, limits);
    if (!archive) {
        return std::unexpected(archive.error());
    }
    std::vector<ExtractedMember> out;
    if (!archive->header) {
        return out; // empty, or the header is encrypted: nothing is readable
    }
    const Header& header = *archive->header;
    const auto where = map_file_streams(header);
    if (!where) {
        return std::unexpected(where.error());
    }
    // Sub-stream offsets within their folders.
    std::vector<std::uint64_t> offsets;
    if (header.main_streams) {
        const StreamsInfo& streams = *header.main_streams;
        std::size_t stream = 0;
        for (std::size_t f = 0; f < streams.folders.size(); ++f) {
            std::uint64_t at = 0;
            for (std::uint64_t i = 0; i < streams.substream_counts[f]; ++i, ++stream) {
                offsets.push_back(at);
                at += streams.substream_sizes[stream];
            }
        }
    }
    std::uint64_t budget = limits.max_extract_bytes;
    std::optional<std::size_t> current_folder;
    std::string folder_bytes;
    for (std::size_t i = 0; i < header.files.size(); ++i) {
        const FileEntry& file = header.files[i];
        if (file.is_directory || file.is_anti) {
            continue;
        }
        if (!(*where)[i]) {
            out.push_back(ExtractedMember { file.name, {} });
            continue;
        }
        const StreamsInfo& streams = *header.main_streams;
        const FileStream stream = *(*where)[i];
        const Folder& folder = streams.folders[stream.folder];
        if (folder_encryption(folder) != FolderEncryption::none) {
            continue; // encrypted members are not readable: skipped, as extract_zip does
        }
        const std::uint64_t size = streams.substream_sizes[stream.stream];
        if (size > limits.max_member_bytes) {
            return std::unexpected(fmt::format(
                "member of {} bytes exceeds max_member_bytes ({})", size, limits.max_member_bytes));
        }
        if (current_folder != stream.folder) {
            auto bytes = decode_folder(*archive, streams, stream.folder, limits, budget);
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            budget -= bytes->size();
            folder_bytes = std::move(*bytes);
            current_folder = stream.folder;
        }
        const std::uint64_t offset = offsets[stream.stream];
        ExtractedMember member { file.name,
            folder_bytes.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(size)) };
        if (const auto crc = streams.substream_crcs[stream.stream]; crc && crc32(member.data) != *crc) {
            return std::unexpected(fmt::format("CRC mismatch in member {}", i + 1));
        }
        out.push_back(std::move(member));
    }
    return out;
}

} // namespace pm::archive
