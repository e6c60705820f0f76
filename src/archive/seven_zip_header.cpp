// 7z "Streams Info" and "Header" parsing (DOC/7zFormat.txt), every count bounded before use.
#include "archive/seven_zip_header.hpp"

#include "archive/seven_zip_bits.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pm::archive::seven_zip {

namespace {

// 7zFormat.txt "PackInfo".
Parsed<void> parse_pack_info(ByteReader& in, const ArchiveLimits& limits, StreamsInfo& out)
{
    const auto pack_pos = read_number(in);
    if (!pack_pos) {
        return std::unexpected("truncated header: PackPos");
    }
    out.pack_pos = *pack_pos;
    const auto count
        = read_count(in, std::min<std::uint64_t>(in.remaining(), 4 * limits.max_members), "packed streams");
    if (!count) {
        return std::unexpected(count.error());
    }
    bool have_sizes = false;
    for (std::size_t guard = 0; guard < max_property_loop; ++guard) {
        const auto id = read_number(in);
        if (!id) {
            return std::unexpected("truncated header: PackInfo");
        }
        if (*id == static_cast<std::uint64_t>(Nid::end)) {
            if (!have_sizes) {
                return std::unexpected("PackInfo without kSize");
            }
            return {};
        }
        if (*id == static_cast<std::uint64_t>(Nid::size) && !have_sizes) {
            out.pack_sizes.reserve(static_cast<std::size_t>(*count));
            for (std::uint64_t i = 0; i < *count; ++i) {
                const auto size = read_number(in);
                if (!size) {
                    return std::unexpected("truncated header: PackSizes");
                }
                if (out.packed_total > ~std::uint64_t { 0 } - *size) {
                    return std::unexpected("packed sizes overflow");
                }
                out.pack_offsets.push_back(out.packed_total);
                out.packed_total += *size;
                out.pack_sizes.push_back(*size);
            }
            have_sizes = true;
        } else if (*id == static_cast<std::uint64_t>(Nid::crc)) {
            const auto digests = read_digests(in, *count); // PackStreamDigests: checked, not used
            if (!digests) {
                return std::unexpected(digests.error());
            }
        } else if (!skip_property(in)) {
            return std::unexpected("truncated header: PackInfo property");
        }
    }
    return std::unexpected("too many PackInfo properties");
}

// 7zFormat.txt "Coders Info".
Parsed<void> parse_unpack_info(ByteReader& in, const ArchiveLimits& limits, StreamsInfo& out)
{
    if (read_number(in) != static_cast<std::uint64_t>(Nid::folder)) {
        return std::unexpected("CodersInfo without kFolder");
    }
    const auto count = read_count(in, std::min<std::uint64_t>(in.remaining(), limits.max_members), "folders");
    if (!count) {
        return std::unexpected(count.error());
    }
    const auto external = in.u8();
    if (!external) {
        return std::unexpected("truncated header: kFolder");
    }
    if (*external != 0) {
        return std::unexpected("external folders are not supported");
    }
    out.folders.reserve(static_cast<std::size_t>(*count));
    for (std::uint64_t i = 0; i < *count; ++i) {
        auto folder = parse_folder(in);
        if (!folder) {
            return std::unexpected(folder.error());
        }
        out.folders.push_back(std::move(*folder));
    }
    if (read_number(in) != static_cast<std::uint64_t>(Nid::coders_unpack_size)) {
        return std::unexpected("CodersInfo without kCodersUnPackSize");
    }
    for (Folder& folder : out.folders) {
        for (std::size_t c = 0; c < folder.coders.size(); ++c) {
            const auto size = read_number(in);
            if (!size) {
                return std::unexpected("truncated header: unpack sizes");
            }
            folder.unpack_sizes.push_back(*size);
        }
    }
    for (std::size_t guard = 0; guard < max_property_loop; ++guard) {
        const auto id = read_number(in);
        if (!id) {
            return std::unexpected("truncated header: CodersInfo");
        }
        if (*id == static_cast<std::uint64_t>(Nid::end)) {
            return {};
        }
        if (*id == static_cast<std::uint64_t>(Nid::crc)) {
            const auto digests = read_digests(in, out.folders.size());
            if (!digests) {
                return std::unexpected(digests.error());
            }
            for (std::size_t f = 0; f < out.folders.size(); ++f) {
                out.folders[f].crc = (*digests)[f];
            }
        } else if (!skip_property(in)) {
            return std::unexpected("truncated header: CodersInfo property");
        }
    }
    return std::unexpected("too many CodersInfo properties");
}

// 7zFormat.txt "SubStreams Info"; `id` is the id read after the kSubStreamsInfo byte.
Parsed<void> parse_substreams_info(ByteReader& in, const ArchiveLimits& limits, StreamsInfo& out)
{
    std::optional<std::uint64_t> id;
    std::uint64_t total = out.folders.size();
    for (std::size_t guard = 0; guard < max_property_loop; ++guard) {
        id = read_number(in);
        if (!id) {
            return std::unexpected("truncated header: SubStreamsInfo");
        }
        if (*id == static_cast<std::uint64_t>(Nid::num_unpack_stream)) {
            total = 0;
            for (std::uint64_t& count : out.substream_counts) {
                const auto n = read_count(in, limits.max_members, "streams in a folder");
                if (!n) {
                    return std::unexpected(n.error());
                }
                count = *n;
                total += *n;
                if (total > limits.max_members) {
                    return std::unexpected(fmt::format("too many streams: more than {}", limits.max_members));
                }
            }
            continue;
        }
        if (*id == static_cast<std::uint64_t>(Nid::crc) || *id == static_cast<std::uint64_t>(Nid::size)
            || *id == static_cast<std::uint64_t>(Nid::end)) {
            break;
        }
        if (!skip_property(in)) {
            return std::unexpected("truncated header: SubStreamsInfo property");
        }
    }
    const bool have_sizes = id == static_cast<std::uint64_t>(Nid::size);
    out.substream_sizes.reserve(static_cast<std::size_t>(total));
    for (std::size_t f = 0; f < out.folders.size(); ++f) {
        const std::uint64_t count = out.substream_counts[f];
        if (count == 0) {
            continue;
        }
        if (!have_sizes && count > 1) {
            return std::unexpected("SubStreamsInfo without kSize");
        }
        std::uint64_t sum = 0;
        for (std::uint64_t i = 0; i + 1 < count; ++i) {
            const auto size = read_number(in);
            if (!size) {
                return std::unexpected("truncated header: sub-stream sizes");
            }
            if (*size > out.folders[f].unpack_size() - sum) {
                return std::unexpected("sub-stream sizes exceed their folder");
            }
            sum += *size;
            out.substream_sizes.push_back(*size);
        }
        out.substream_sizes.push_back(out.folders[f].unpack_size() - sum);
    }
    if (have_sizes) {
        id = read_number(in);
    }
    // Streams whose CRC the folder does not already give get theirs here, in order.
    std::uint64_t unknown = 0;
    for (std::size_t f = 0; f < out.folders.size(); ++f) {
        const std::uint64_t count = out.substream_counts[f];
        unknown += (count == 1 && out.folders[f].crc) ? 0 : count;
    }
    std::vector<std::optional<std::uint32_t>> digests(static_cast<std::size_t>(unknown));
    for (std::size_t guard = 0; guard < max_property_loop; ++guard) {
        if (!id) {
            return std::unexpected("truncated header: SubStreamsInfo");
        }
        if (*id == static_cast<std::uint64_t>(Nid::end)) {
            std::size_t next = 0;
            for (std::size_t f = 0; f < out.folders.size(); ++f) {
                const std::uint64_t count = out.substream_counts[f];
                if (count == 1 && out.folders[f].crc) {
                    out.substream_crcs.push_back(out.folders[f].crc);
                    continue;
                }
                for (std::uint64_t i = 0; i < count; ++i) {
                    out.substream_crcs.push_back(digests[next++]);
                }
            }
            return {};
        }
        if (*id == static_cast<std::uint64_t>(Nid::crc)) {
            auto read = read_digests(in, unknown);
            if (!read) {
                return std::unexpected(read.error());
            }
            digests = std::move(*read);
        } else if (!skip_property(in)) {
            return std::unexpected("truncated header: SubStreamsInfo property");
        }
        id = read_number(in);
    }
    return std::unexpected("too many SubStreamsInfo properties");
}

} // namespace

std::optional<std::uint64_t> read_number(ByteReader& in)
{
    const std::size_t start = in.position();
    const auto first = in.u8();
    if (!first) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    unsigned mask = 0x80;
    for (unsigned i = 0; i < 8; ++i, mask >>= 1) {
        if ((*first & mask) == 0) {
            const std::uint64_t high = *first & (mask - 1);
            return value | (high << (8 * i));
        }
        const auto byte = in.u8();
        if (!byte) {
            in.seek(start);
            return std::nullopt;
        }
        value |= static_cast<std::uint64_t>(*byte) << (8 * i);
    }
    return value;
}

// 7zFormat.txt "Streams Info".
Parsed<StreamsInfo> parse_streams_info(ByteReader& in, const ArchiveLimits& limits)
{
    StreamsInfo out;
    auto id = read_number(in);
    if (id == static_cast<std::uint64_t>(Nid::pack_info)) {
        if (auto ok = parse_pack_info(in, limits, out); !ok) {
            return std::unexpected(ok.error());
        }
        id = read_number(in);
    }
    if (id == static_cast<std::uint64_t>(Nid::unpack_info)) {
        if (auto ok = parse_unpack_info(in, limits, out); !ok) {
            return std::unexpected(ok.error());
        }
        id = read_number(in);
    }
    out.substream_counts.assign(out.folders.size(), 1);
    if (id == static_cast<std::uint64_t>(Nid::substreams_info)) {
        if (auto ok = parse_substreams_info(in, limits, out); !ok) {
            return std::unexpected(ok.error());
        }
        id = read_number(in);
    } else {
        for (const Folder& folder : out.folders) {
            out.substream_sizes.push_back(folder.unpack_size());
            out.substream_crcs.push_back(folder.crc);
        }
    }
    if (!id) {
        return std::unexpected("truncated header: StreamsInfo");
    }
    if (*id != static_cast<std::uint64_t>(Nid::end)) {
        return std::unexpected(fmt::format("unexpected property {:#x} in StreamsInfo", *id));
    }
    // Every folder takes its packed streams in order from PackInfo, its sub-streams likewise.
    std::uint64_t next = 0;
    std::uint64_t substream = 0;
    for (std::size_t f = 0; f < out.folders.size(); ++f) {
        out.folders[f].first_packed_stream = next;
        next += out.folders[f].packed_inputs.size();
        out.first_substream.push_back(substream);
        substream += out.substream_counts[f];
    }
    if (next != out.pack_sizes.size()) {
        return std::unexpected(
            fmt::format("folders use {} packed streams, PackInfo lists {}", next, out.pack_sizes.size()));
    }
    return out;
}

// 7zFormat.txt "Header".
Parsed<Header> parse_header(ByteReader& in, const ArchiveLimits& limits)
{
    Header header;
    auto id = read_number(in);
    if (id == static_cast<std::uint64_t>(Nid::archive_properties)) {
        // "ArchiveProperties": (type, size, data)* up to a zero type; none is defined today.
        for (std::size_t guard = 0;; ++guard) {
            const auto type = read_number(in);
            if (!type || guard >= max_property_loop) {
                return std::unexpected("truncated header: ArchiveProperties");
            }
            if (*type == 0) {
                break;
            }
            if (!skip_property(in)) {
                return std::unexpected("truncated header: ArchiveProperties");
            }
        }
        id = read_number(in);
    }
    if (id == static_cast<std::uint64_t>(Nid::additional_streams_info)) {
        return std::unexpected("additional streams are not supported");
    }
    if (id == static_cast<std::uint64_t>(Nid::main_streams_info)) {
        auto streams = parse_streams_info(in, limits);
        if (!streams) {
            return std::unexpected(streams.error());
        }
        header.main_streams = std::move(*streams);
        id = read_number(in);
    }
    if (id == static_cast<std::uint64_t>(Nid::files_info)) {
        auto files = parse_files_info(in, limits);
        if (!files) {
            return std::unexpected(files.error());
        }
        header.files = std::move(*files);
        id = read_number(in);
    }
    if (!id) {
        return std::unexpected("truncated header");
    }
    if (*id != static_cast<std::uint64_t>(Nid::end)) {
        return std::unexpected(fmt::format("unexpected property {:#x} in Header", *id));
    }
    if (!in.at_end()) {
        return std::unexpected("data after the end of the header");
    }
    const std::uint64_t with_stream = static_cast<std::uint64_t>(
        std::ranges::count_if(header.files, [](const FileEntry& f) { return f.has_stream; }));
    const std::uint64_t streams = header.main_streams ? header.main_streams->substream_sizes.size() : 0;
    if (with_stream != streams) {
        return std::unexpected(fmt::format("{} files with data but {} streams", with_stream, streams));
    }
    return header;
}

Parsed<std::vector<std::optional<FileStream>>> map_file_streams(const Header& header)
{
    std::vector<std::optional<FileStream>> out;
    out.reserve(header.files.size());
    std::size_t folder = 0;
    std::size_t stream = 0;
    std::uint64_t used_in_folder = 0;
    for (const FileEntry& file : header.files) {
        if (!file.has_stream) {
            out.emplace_back();
            continue;
        }
        if (!header.main_streams) {
            return std::unexpected("a file has data but the archive has no streams");
        }
        const StreamsInfo& streams = *header.main_streams;
        while (folder < streams.folders.size() && used_in_folder == streams.substream_counts[folder]) {
            ++folder;
            used_in_folder = 0;
        }
        if (folder == streams.folders.size() || stream >= streams.substream_sizes.size()) {
            return std::unexpected("more files with data than streams");
        }
        out.push_back(FileStream { folder, stream });
        ++used_in_folder;
        ++stream;
    }
    return out;
}

std::string method_name(std::uint64_t method)
{
    return method <= 0xFF ? fmt::format("{:02X}", method) : fmt::format("{:X}", method);
}

} // namespace pm::archive::seven_zip
