// 7z "FilesInfo" (DOC/7zFormat.txt): names, empty streams, directories, attributes and times.
#include "archive/seven_zip_bits.hpp"
#include "archive/seven_zip_header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace pm::archive::seven_zip {

namespace {

constexpr std::uint32_t attribute_directory = 0x10; // FILE_ATTRIBUTE_DIRECTORY

/// The shape kCTime/kATime/kMTime, kWinAttributes and kStartPos share: AllAreDefined (+ bits),
/// External, then one fixed-size value per defined item. Returns the values; the property must
/// be exactly that long.
Parsed<std::vector<std::optional<std::uint64_t>>> read_defined_values(
    ByteReader& in, std::uint64_t count, unsigned value_size, std::string_view what)
{
    const auto all_defined = in.u8();
    if (!all_defined) {
        return std::unexpected(fmt::format("truncated header: {}", what));
    }
    std::vector<bool> defined;
    if (*all_defined == 0) {
        auto bits = read_bit_vector(in, count);
        if (!bits) {
            return std::unexpected(fmt::format("truncated header: {}", what));
        }
        defined = std::move(*bits);
    } else {
        defined.assign(static_cast<std::size_t>(count), true);
    }
    const auto external = in.u8();
    if (!external) {
        return std::unexpected(fmt::format("truncated header: {}", what));
    }
    if (*external != 0) {
        return std::unexpected(fmt::format("external {} data is not supported", what));
    }
    const auto n = static_cast<std::uint64_t>(std::ranges::count(defined, true));
    if (in.remaining() != n * value_size) {
        return std::unexpected(fmt::format("{} property has the wrong size", what));
    }
    std::vector<std::optional<std::uint64_t>> values(defined.size());
    for (std::size_t i = 0; i < defined.size(); ++i) {
        if (defined[i]) {
            values[i] = value_size == 4 ? std::optional<std::uint64_t>(in.u32le()) : in.u64le();
        }
    }
    return values;
}

/// kName: External, then one zero-terminated UTF-16LE name per file, filling the property.
Parsed<void> read_names(ByteReader& in, std::vector<FileEntry>& files)
{
    const auto external = in.u8();
    if (!external) {
        return std::unexpected("truncated header: kName");
    }
    if (*external != 0) {
        return std::unexpected("external file names are not supported");
    }
    if (in.remaining() % 2 != 0) {
        return std::unexpected("kName property has an odd size");
    }
    const auto data = in.bytes(in.remaining());
    std::size_t start = 0;
    std::size_t file = 0;
    for (std::size_t pos = 0; pos + 1 < data->size(); pos += 2) {
        if ((*data)[pos] != std::byte { 0 } || (*data)[pos + 1] != std::byte { 0 }) {
            continue;
        }
        if (file == files.size()) {
            return std::unexpected("more names than files");
        }
        files[file++].name = utf16le_to_utf8(data->subspan(start, pos - start));
        start = pos + 2;
    }
    if (file != files.size() || start != data->size()) {
        return std::unexpected("fewer names than files");
    }
    return {};
}

} // namespace

// 7zFormat.txt "FilesInfo".
Parsed<std::vector<FileEntry>> parse_files_info(ByteReader& in, const ArchiveLimits& limits)
{
    const auto count = read_number(in);
    if (!count) {
        return std::unexpected("truncated header: NumFiles");
    }
    if (*count > limits.max_members) {
        return std::unexpected(fmt::format("too many members: {} (limit {})", *count, limits.max_members));
    }
    std::vector<FileEntry> files(static_cast<std::size_t>(*count));
    std::vector<bool> empty_stream(files.size(), false);
    std::vector<bool> empty_file;
    std::vector<bool> anti;
    std::uint64_t empty_count = 0;
    std::array<bool, 0x20> seen {};
    for (std::size_t guard = 0; guard < max_property_loop; ++guard) {
        const auto type = read_number(in);
        if (!type) {
            return std::unexpected("truncated header: FilesInfo");
        }
        if (*type == static_cast<std::uint64_t>(Nid::end)) {
            std::size_t empty_index = 0;
            for (std::size_t i = 0; i < files.size(); ++i) {
                FileEntry& file = files[i];
                file.has_stream = !empty_stream[i];
                if (!file.has_stream) {
                    const bool is_file = empty_index < empty_file.size() && empty_file[empty_index];
                    file.is_anti = empty_index < anti.size() && anti[empty_index];
                    file.is_directory = !is_file;
                    ++empty_index;
                }
                if (file.attributes && (*file.attributes & attribute_directory) != 0 && !file.has_stream) {
                    file.is_directory = true;
                }
            }
            return files;
        }
        const auto size = read_number(in);
        if (!size) {
            return std::unexpected("truncated header: FilesInfo property size");
        }
        auto body = in.sub_reader(*size);
        if (!body) {
            return std::unexpected("truncated header: FilesInfo property");
        }
        if (*type < seen.size()) {
            const bool repeatable = *type == static_cast<std::uint64_t>(Nid::dummy);
            if (seen[*type] && !repeatable) {
                return std::unexpected(fmt::format("FilesInfo property {:#x} repeated", *type));
            }
            seen[*type] = true;
        }
        switch (static_cast<Nid>(*type < 0x100 ? *type : 0xFF)) {
        case Nid::empty_stream: {
            auto bits = read_bit_vector(*body, files.size());
            if (!bits || !body->at_end()) {
                return std::unexpected("kEmptyStream property has the wrong size");
            }
            empty_stream = std::move(*bits);
            empty_count = static_cast<std::uint64_t>(std::ranges::count(empty_stream, true));
            break;
        }
        case Nid::empty_file:
        case Nid::anti: {
            auto bits = read_bit_vector(*body, empty_count);
            if (!bits || !body->at_end()) {
                return std::unexpected("kEmptyFile/kAnti property has the wrong size");
            }
            (*type == static_cast<std::uint64_t>(Nid::anti) ? anti : empty_file) = std::move(*bits);
            break;
        }
        case Nid::name:
            if (auto ok = read_names(*body, files); !ok) {
                return std::unexpected(ok.error());
            }
            break;
        case Nid::win_attributes: {
            auto values = read_defined_values(*body, files.size(), 4, "kWinAttributes");
            if (!values) {
                return std::unexpected(values.error());
            }
            for (std::size_t i = 0; i < files.size(); ++i) {
                if ((*values)[i]) {
                    files[i].attributes = static_cast<std::uint32_t>(*(*values)[i]);
                }
            }
            break;
        }
        case Nid::ctime:
        case Nid::atime:
        case Nid::mtime:
        case Nid::start_pos: {
            // Checked for shape; the values decide nothing here.
            auto values = read_defined_values(*body, files.size(), 8, "time");
            if (!values) {
                return std::unexpected(values.error());
            }
            break;
        }
        default: break; // kDummy (alignment padding), kComment and unknown properties: skipped by size
        }
    }
    return std::unexpected("too many FilesInfo properties");
}

} // namespace pm::archive::seven_zip
