// Loads a 7z archive's headers (DOC/7zFormat.txt "SignatureHeader", "HeaderInfo"): CRCs, layout,
// and the encoded header decoded when it is not encrypted.
#include "archive/seven_zip_archive.hpp"

#include "archive/seven_zip_coders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace pm::archive::seven_zip {

namespace {

constexpr std::array<std::uint8_t, 6> signature = { '7', 'z', 0xBC, 0xAF, 0x27, 0x1C };

struct Interval {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

Parsed<Interval> packed_interval(const StreamsInfo& streams, std::uint64_t limit, std::string_view what)
{
    if (streams.pack_pos > limit || streams.packed_total > limit - streams.pack_pos) {
        return std::unexpected(fmt::format("{} packed streams lie outside the archive", what));
    }
    return Interval { streams.pack_pos, streams.pack_pos + streams.packed_total };
}

/// The packed streams (and, with an encrypted header, the unknown data before its streams) must
/// tile [0, next_header_offset) exactly: no gap, no overlap.
Parsed<void> check_layout(const Archive& archive, std::uint64_t next_header_offset)
{
    std::vector<Interval> parts;
    if (archive.header && archive.header->main_streams) {
        auto main = packed_interval(*archive.header->main_streams, next_header_offset, "file");
        if (!main) {
            return std::unexpected(main.error());
        }
        parts.push_back(*main);
    }
    if (archive.header_streams) {
        auto header = packed_interval(*archive.header_streams, next_header_offset, "header");
        if (!header) {
            return std::unexpected(header.error());
        }
        if (archive.header_encrypted) {
            header->begin = 0; // what lies before the header's streams is data we cannot list
        }
        parts.push_back(*header);
    }
    std::erase_if(parts, [](const Interval& i) { return i.begin == i.end; });
    std::ranges::sort(parts, {}, &Interval::begin);
    std::uint64_t at = 0;
    for (const Interval& part : parts) {
        if (part.begin != at) {
            return std::unexpected(part.begin > at
                    ? fmt::format("{} bytes of packed data belong to no stream", part.begin - at)
                    : std::string("packed streams overlap"));
        }
        at = part.end;
    }
    if (at != next_header_offset) {
        return std::unexpected(
            fmt::format("{} bytes of packed data belong to no stream", next_header_offset - at));
    }
    return {};
}

/// Decodes the one folder of an unencrypted encoded header into the real header's bytes.
Parsed<std::string> decode_header_folder(const Archive& archive, const ArchiveLimits& limits)
{
    const StreamsInfo& streams = *archive.header_streams;
    const Folder& folder = streams.folders.front();
    const auto chain = linear_chain(folder);
    if (!chain || chain->size() != 1 || !is_decodable(folder.coders[chain->front()].method)) {
        for (const Coder& coder : folder.coders) {
            if (!is_decodable(coder.method)) {
                return std::unexpected(
                    fmt::format("unsupported coder {} in header", method_name(coder.method)));
            }
        }
        return std::unexpected("unsupported coder chain in header");
    }
    if (folder.unpack_size() > limits.max_header_bytes) {
        return std::unexpected(fmt::format(
            "header of {} bytes exceeds the limit of {}", folder.unpack_size(), limits.max_header_bytes));
    }
    const auto packed = archive.packed_stream(streams, folder.first_packed_stream);
    auto decoded
        = decode_coder(folder.coders[chain->front()], packed, folder.unpack_size(), folder.unpack_size());
    if (!decoded) {
        return std::unexpected("header: " + decoded.error());
    }
    if (!decoded->complete) {
        return std::unexpected("header stream is truncated");
    }
    if (folder.crc && crc32(decoded->bytes) != *folder.crc) {
        return std::unexpected("header CRC mismatch");
    }
    return std::move(decoded->bytes);
}

} // namespace

std::span<const std::byte> Archive::packed_stream(const StreamsInfo& streams, std::uint64_t index) const
{
    if (index >= streams.pack_sizes.size()) {
        return {};
    }
    const std::uint64_t offset = signature_header_size + streams.pack_pos + streams.pack_offsets[index];
    if (offset > data.size() || streams.pack_sizes[index] > data.size() - offset) {
        return {}; // not reached after a successful load_archive
    }
    return data.subspan(
        static_cast<std::size_t>(offset), static_cast<std::size_t>(streams.pack_sizes[index]));
}

Parsed<Archive> load_archive(std::span<const std::byte> data, const ArchiveLimits& limits)
{
    Archive archive;
    archive.data = data;
    ByteReader in(data);
    // 7zFormat.txt "SignatureHeader".
    const auto magic = in.bytes(signature.size());
    if (!magic) {
        return std::unexpected("truncated: no 7z signature header");
    }
    if (!std::ranges::equal(
            *magic, signature, [](std::byte a, std::uint8_t b) { return a == std::byte { b }; })) {
        return std::unexpected("not a 7z archive (bad signature)");
    }
    const auto major = in.u8();
    const auto minor = in.u8();
    const auto start_crc = in.u32le();
    const auto start_header = in.bytes(20);
    if (!major || !minor || !start_crc || !start_header) {
        return std::unexpected("truncated: no 7z signature header");
    }
    // Major 0 is the only format; minors above 4 are not defined (and, outside every CRC, a
    // flipped minor must not pass unnoticed).
    if (*major != 0 || *minor > 4) {
        return std::unexpected(fmt::format("unsupported 7z version {}.{}", *major, *minor));
    }
    if (crc32(*start_header) != *start_crc) {
        return std::unexpected("start header CRC mismatch");
    }
    ByteReader start(*start_header);
    const std::uint64_t next_offset = *start.u64le();
    const std::uint64_t next_size = *start.u64le();
    const std::uint32_t next_crc = *start.u32le();
    const std::uint64_t after_signature = data.size() - signature_header_size;
    if (next_size == 0) {
        // An empty archive: nothing but the signature header.
        if (next_offset != 0 || after_signature != 0) {
            return std::unexpected("empty 7z header with data around it");
        }
        return archive;
    }
    if (next_offset > after_signature || next_size > after_signature - next_offset) {
        return std::unexpected(fmt::format("truncated: the header ends at {} but the archive has {} bytes",
            next_offset > after_signature ? next_offset : signature_header_size + next_offset + next_size,
            data.size()));
    }
    if (next_offset + next_size != after_signature) {
        return std::unexpected(
            fmt::format("{} bytes after the end of the header", after_signature - next_offset - next_size));
    }
    if (next_size > limits.max_header_bytes) {
        return std::unexpected(
            fmt::format("header of {} bytes exceeds the limit of {}", next_size, limits.max_header_bytes));
    }
    in.seek(signature_header_size + next_offset);
    const auto header_bytes = *in.bytes(next_size);
    if (crc32(header_bytes) != next_crc) {
        return std::unexpected("header CRC mismatch");
    }
    ByteReader header(header_bytes);
    const auto id = read_number(header);
    if (id == static_cast<std::uint64_t>(Nid::header)) {
        auto parsed = parse_header(header, limits);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        archive.header = std::move(*parsed);
    } else if (id == static_cast<std::uint64_t>(Nid::encoded_header)) {
        // 7zFormat.txt "HeaderInfo": the header is itself packed, in one folder.
        auto streams = parse_streams_info(header, limits);
        if (!streams) {
            return std::unexpected(streams.error());
        }
        if (!header.at_end()) {
            return std::unexpected("data after the encoded header information");
        }
        if (streams->folders.size() != 1) {
            return std::unexpected(fmt::format("encoded header with {} folders", streams->folders.size()));
        }
        archive.header_streams = std::move(*streams);
        archive.header_encrypted
            = folder_encryption(archive.header_streams->folders.front()) != FolderEncryption::none;
    } else {
        return std::unexpected("header starts with neither kHeader nor kEncodedHeader");
    }
    if (archive.header_streams) {
        if (auto where = packed_interval(*archive.header_streams, next_offset, "header"); !where) {
            return std::unexpected(where.error());
        }
    }
    if (archive.header_streams && !archive.header_encrypted) {
        const auto decoded = decode_header_folder(archive, limits);
        if (!decoded) {
            return std::unexpected(decoded.error());
        }
        ByteReader real(as_byte_span(*decoded));
        if (read_number(real) != static_cast<std::uint64_t>(Nid::header)) {
            return std::unexpected("decoded header does not start with kHeader");
        }
        auto parsed = parse_header(real, limits);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        archive.header = std::move(*parsed);
    }
    if (auto layout = check_layout(archive, next_offset); !layout) {
        return std::unexpected(layout.error());
    }
    return archive;
}

} // namespace pm::archive::seven_zip
