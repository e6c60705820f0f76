// 7z header database (7-Zip's DOC/7zFormat.txt): the structures and their property-id parser.
#pragma once

#include "archive/archive_report.hpp"
#include "core/byte_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pm::archive::seven_zip {

/// Method ids (DOC/Methods.txt) this module knows by name.
inline constexpr std::uint64_t method_copy = 0x00;
inline constexpr std::uint64_t method_lzma = 0x030101;
inline constexpr std::uint64_t method_lzma2 = 0x21;
inline constexpr std::uint64_t method_aes = 0x06F10701;

/// Most coders and coder streams one folder may have (7-Zip's own bound is 64 as well).
inline constexpr std::uint64_t max_folder_coders = 64;
inline constexpr std::uint64_t max_folder_streams = 64;

/// Property ids ("Property IDs").
enum class Nid : std::uint8_t {
    end = 0x00,
    header = 0x01,
    archive_properties = 0x02,
    additional_streams_info = 0x03,
    main_streams_info = 0x04,
    files_info = 0x05,
    pack_info = 0x06,
    unpack_info = 0x07,
    substreams_info = 0x08,
    size = 0x09,
    crc = 0x0A,
    folder = 0x0B,
    coders_unpack_size = 0x0C,
    num_unpack_stream = 0x0D,
    empty_stream = 0x0E,
    empty_file = 0x0F,
    anti = 0x10,
    name = 0x11,
    ctime = 0x12,
    atime = 0x13,
    mtime = 0x14,
    win_attributes = 0x15,
    comment = 0x16,
    encoded_header = 0x17,
    start_pos = 0x18,
    dummy = 0x19,
};

/// Parse failures carry a reason for "could not tell" (archive.unverifiable).
template <class T> using Parsed = std::expected<T, std::string>;

/// One coder of a folder ("Folder"). Every coder has exactly one output (unpack) stream, as
/// 7-Zip requires; `in_streams` counts its packed-side inputs.
struct Coder {
    std::uint64_t method = 0;
    std::uint32_t in_streams = 1;
    std::vector<std::byte> properties;
};

/// Binds a coder input (index over all coder inputs of the folder) to a coder output (index of
/// the coder whose output feeds it).
struct Bond {
    std::uint32_t in_index = 0;
    std::uint32_t out_index = 0;
};

/// A folder: a graph of coders turning packed streams into one unpack stream. Validated on
/// parse: bonds are unique, there is exactly one unbound output (`main_coder`) and the graph
/// has no cycle.
struct Folder {
    std::vector<Coder> coders;
    std::vector<Bond> bonds;
    std::vector<std::uint32_t> packed_inputs; ///< the coder input each packed stream feeds
    std::vector<std::uint64_t> unpack_sizes; ///< one per coder output ("kCodersUnPackSize")
    std::optional<std::uint32_t> crc; ///< of the main output ("UnPackDigests")
    std::uint32_t main_coder = 0;
    std::uint64_t first_packed_stream = 0; ///< index into StreamsInfo::pack_sizes

    std::uint64_t unpack_size() const { return unpack_sizes[main_coder]; }
    /// The coder that owns coder input `in_index`, and that input's number within the coder.
    std::pair<std::uint32_t, std::uint32_t> coder_of_input(std::uint32_t in_index) const;
    /// The coder input bound to coder `coder`'s output, or nullopt for the main coder.
    std::optional<std::uint32_t> input_fed_by(std::uint32_t coder) const;
};

/// "Streams Info": PackInfo, CodersInfo and SubStreamsInfo together, the sub-streams flattened
/// in folder order. Without a SubStreamsInfo every folder holds one stream.
struct StreamsInfo {
    std::uint64_t pack_pos = 0; ///< from the end of the signature header
    std::vector<std::uint64_t> pack_sizes;
    std::vector<Folder> folders;
    std::vector<std::uint64_t> substream_counts; ///< per folder
    std::vector<std::uint64_t> substream_sizes;
    std::vector<std::optional<std::uint32_t>> substream_crcs;

    /// Sum of `pack_sizes` (checked against overflow on parse).
    std::uint64_t packed_total = 0;
    /// Offset of each packed stream from `pack_pos` (prefix sums of `pack_sizes`).
    std::vector<std::uint64_t> pack_offsets;
    /// Index of each folder's first sub-stream in `substream_sizes` / `substream_crcs`.
    std::vector<std::uint64_t> first_substream;
};

/// One entry of "FilesInfo".
struct FileEntry {
    std::string name; ///< UTF-8 (from UTF-16LE, ill-formed units as U+FFFD)
    bool has_stream = true; ///< false for kEmptyStream entries
    bool is_directory = false;
    bool is_anti = false;
    std::optional<std::uint32_t> attributes;
};

/// The decoded "Header".
struct Header {
    std::optional<StreamsInfo> main_streams;
    std::vector<FileEntry> files;
};

/// Where one file's data lives: folder and sub-stream (index into StreamsInfo::substream_*).
struct FileStream {
    std::size_t folder = 0;
    std::size_t stream = 0;
};

/// The stream of every file in order (nullopt for kEmptyStream files): files take the
/// sub-streams folder by folder. Errors when the counts disagree.
Parsed<std::vector<std::optional<FileStream>>> map_file_streams(const Header& header);

/// Reads a 7z NUMBER ("UINT64" in 7zFormat.txt: the first byte's leading one bits give the
/// count of extra little-endian bytes).
std::optional<std::uint64_t> read_number(ByteReader& in);

/// Parses one "Folder" and checks it is a coder graph 7-Zip can run: unique bind pairs, one
/// main output, no cycle, at most max_folder_coders coders and max_folder_streams inputs.
Parsed<Folder> parse_folder(ByteReader& in);

/// Parses "Streams Info" up to and including its kEnd. The reader starts after the id that
/// introduced it (kMainStreamsInfo or kEncodedHeader).
Parsed<StreamsInfo> parse_streams_info(ByteReader& in, const ArchiveLimits& limits);

/// Parses a plain "Header"; the reader starts after its kHeader byte and must end exactly at
/// the header's kEnd. Checks that files and sub-streams agree.
Parsed<Header> parse_header(ByteReader& in, const ArchiveLimits& limits);

/// Parses "FilesInfo" (after the kFilesInfo byte) into `files`.
Parsed<std::vector<FileEntry>> parse_files_info(ByteReader& in, const ArchiveLimits& limits);

/// A method id as 7-Zip prints it in hex ("06F10701", "21").
std::string method_name(std::uint64_t method);

} // namespace pm::archive::seven_zip
