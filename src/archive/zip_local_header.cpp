// Local file headers (APPNOTE 6.3.x 4.3.7), data descriptors (4.3.9) and the archive layout (4.3.6).
#include "archive/zip_local_header.hpp"

#include "core/byte_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pm::archive {

namespace {

constexpr std::uint32_t local_signature = 0x04034b50;  // 4.3.7
constexpr std::uint32_t descriptor_signature = 0x08074b50;  // 4.3.9.3 (optional)
constexpr std::uint64_t local_fixed_size = 30;
constexpr std::uint32_t sentinel32 = 0xFFFFFFFF;

// The bits whose meaning changes what we prove or how the data is found; bits 1-2 (deflate
// level) and the reserved bits are cosmetic and may legitimately differ between writers.
constexpr std::uint16_t compared_flags = zip_flag::encrypted | zip_flag::data_descriptor
    | zip_flag::strong_encryption | zip_flag::utf8_names | zip_flag::masked_local_header;

std::unexpected<std::string> disagree(const ZipEntry& entry, std::string_view what)
{
    return std::unexpected(
        fmt::format("central directory and local header disagree for member {}: {}", entry.ordinal, what));
}

bool same_aes(const std::optional<AesExtraField>& a, const std::optional<AesExtraField>& b)
{
    if (!a || !b) {
        return !a && !b;
    }
    return a->vendor_version == b->vendor_version && a->vendor_id == b->vendor_id
        && a->strength == b->strength && a->actual_method == b->actual_method;
}

std::optional<std::uint64_t> read_size(ByteReader& reader, bool wide)
{
    if (wide) {
        return reader.u64le();
    }
    const auto narrow = reader.u32le();
    return narrow ? std::optional<std::uint64_t>(*narrow) : std::nullopt;
}

// 4.3.9: [signature] crc-32, compressed size, uncompressed size (4 bytes each, 8 for ZIP64).
// Returns the end offset when this form is present at `pos`, fits before `limit`, and repeats the
// central header's values.
std::optional<std::uint64_t> descriptor_end(std::span<const std::byte> data, std::uint64_t pos,
    std::uint64_t limit, const ZipEntry& entry, bool with_signature, bool wide)
{
    ByteReader reader(data.first(static_cast<std::size_t>(limit)));
    if (!reader.seek(pos)) {
        return std::nullopt;
    }
    if (with_signature && reader.u32le() != descriptor_signature) {
        return std::nullopt;
    }
    const auto crc = reader.u32le();
    const auto compressed = read_size(reader, wide);
    const auto uncompressed = read_size(reader, wide);
    if (!crc || !compressed || !uncompressed || *crc != entry.crc32 || *compressed != entry.compressed_size
        || *uncompressed != entry.uncompressed_size) {
        return std::nullopt;
    }
    return reader.position();
}

} // namespace

std::expected<MemberSpan, std::string> check_local_header(std::span<const std::byte> data,
    std::uint64_t cd_offset, ZipEntry& entry, std::span<const std::byte> central_name,
    const std::optional<AesExtraField>& central_aes)
{
    // Local headers and data lie before the central directory (4.3.6); reading through a reader
    // cut at cd_offset keeps every read there.
    ByteReader reader(data.first(static_cast<std::size_t>(cd_offset)));
    if (!reader.seek(entry.local_header_offset) || !reader.has(local_fixed_size)) {
        return std::unexpected(
            fmt::format("local header of member {} is outside the archive", entry.ordinal));
    }
    if (reader.u32le() != local_signature) {
        return disagree(entry, "no local header at the recorded offset");
    }
    reader.skip(2);  // version needed to extract
    const std::uint16_t flags = *reader.u16le();
    const std::uint16_t method = *reader.u16le();
    entry.local_mod_time = *reader.u16le();
    reader.skip(2);  // date
    const std::uint32_t crc = *reader.u32le();
    std::uint64_t compressed = *reader.u32le();
    std::uint64_t uncompressed = *reader.u32le();
    const std::uint16_t name_length = *reader.u16le();
    const std::uint16_t extra_length = *reader.u16le();
    const auto name = reader.bytes(name_length);
    const auto extra = reader.bytes(extra_length);
    if (!name || !extra) {
        return std::unexpected(fmt::format("local header of member {} is truncated", entry.ordinal));
    }
    if ((flags & compared_flags) != (entry.flags & compared_flags)) {
        return disagree(entry, "general purpose flags");
    }
    if (method != entry.method) {
        return disagree(entry, "compression method");
    }
    if (!std::ranges::equal(*name, central_name)) {
        return disagree(entry, "file name");
    }
    const auto fields = parse_extra_fields(*extra);
    if (!fields) {
        return std::unexpected(fmt::format("member {}: local header: {}", entry.ordinal, fields.error()));
    }
    if (!same_aes(fields->aes, central_aes)) {
        return disagree(entry, "AE-x extra field");
    }
    // APPNOTE 4.5.3: in a local header the ZIP64 block holds both sizes when either overflows.
    if ((compressed == sentinel32 || uncompressed == sentinel32) && fields->zip64) {
        const auto wide = read_zip64_values(*fields->zip64, true, true, false, false);
        if (!wide) {
            return std::unexpected(fmt::format("member {}: local header: {}", entry.ordinal, wide.error()));
        }
        uncompressed = *wide->uncompressed_size;
        compressed = *wide->compressed_size;
    }
    // 4.4.4 bit 3 / 4.4.7-4.4.9: with a data descriptor the local values are zero (some writers
    // fill them in anyway); without one they must be the central values.
    const bool deferred = (entry.flags & zip_flag::data_descriptor) != 0;
    const auto matches = [deferred](std::uint64_t local, std::uint64_t central) {
        return local == central || (deferred && local == 0);
    };
    if (!matches(crc, entry.crc32) || !matches(compressed, entry.compressed_size)
        || !matches(uncompressed, entry.uncompressed_size)) {
        return disagree(entry, "CRC-32 or sizes");
    }

    entry.data_offset = reader.position();
    if (entry.compressed_size > reader.remaining()) {
        return std::unexpected(fmt::format("member {}: data runs past the central directory", entry.ordinal));
    }
    const std::uint64_t data_end = entry.data_offset + entry.compressed_size;
    MemberSpan span;
    span.start = entry.local_header_offset;
    if (!deferred) {
        span.ends[span.end_count++] = data_end;
        return span;
    }
    for (const bool with_signature : {true, false}) {
        for (const bool wide : {false, true}) {
            if (const auto end = descriptor_end(data, data_end, cd_offset, entry, with_signature, wide)) {
                span.ends[span.end_count++] = *end;
            }
        }
    }
    if (span.end_count == 0) {
        return std::unexpected(fmt::format(
            "member {}: data descriptor missing or disagrees with the central directory", entry.ordinal));
    }
    return span;
}

std::expected<void, std::string> check_members_tile(std::vector<MemberSpan>& spans, std::uint64_t cd_offset)
{
    std::ranges::sort(spans, {}, &MemberSpan::start);
    MemberSpan previous;  // "ends at 0": the archive starts at offset 0
    previous.end_count = 1;
    bool first = true;
    for (const MemberSpan& span : spans) {  // bounded by max_members
        const auto ends = previous.possible_ends();
        if (std::ranges::find(ends, span.start) == ends.end()) {
            const std::uint64_t furthest = std::ranges::max(ends);
            if (first) {
                return std::unexpected(fmt::format("{} bytes before the first member (self-extractor stub "
                                                   "or prepended data) cannot be checked",
                    span.start));
            }
            if (span.start < furthest) {
                return std::unexpected(fmt::format("members overlap at offset {}", span.start));
            }
            return std::unexpected(
                fmt::format("{} bytes at offset {} belong to no member", span.start - furthest, furthest));
        }
        previous = span;
        first = false;
    }
    const auto ends = previous.possible_ends();
    if (std::ranges::find(ends, cd_offset) == ends.end()) {
        // Every end is at most cd_offset: the member data was read through a reader cut there.
        const std::uint64_t furthest = std::ranges::max(ends);
        return std::unexpected(fmt::format(
            "{} bytes at offset {} before the central directory belong to no member", cd_offset - furthest,
            furthest));
    }
    return {};
}

} // namespace pm::archive
