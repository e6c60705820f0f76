// Central directory headers (APPNOTE 6.3.x 4.3.12, 4.4) and AE-x classification, then the local
// header cross-check and layout check of zip_local_header.cpp.
#include "archive/zip_directory.hpp"

#include "archive/zip_end_record.hpp"
#include "archive/zip_extra_field.hpp"
#include "archive/zip_local_header.hpp"
#include "archive/zip_names.hpp"
#include "core/byte_reader.hpp"

#include <fmt/format.h>

namespace pm::archive {

namespace {

constexpr std::uint32_t central_signature = 0x02014b50;  // 4.3.12
constexpr std::uint32_t signature_record = 0x05054b50;  // 4.3.13 digital signature
constexpr std::uint64_t central_fixed_size = 46;  // 4.3.12 fixed fields
constexpr std::uint32_t sentinel32 = 0xFFFFFFFF;
constexpr std::uint16_t sentinel16 = 0xFFFF;
constexpr std::uint16_t aes_vendor_id = 0x4541;  // AE-x: the two bytes "AE"

std::unexpected<std::string> fail(std::string message)
{
    return std::unexpected(std::move(message));
}

std::unexpected<std::string> member_fail(std::size_t ordinal, std::string_view what)
{
    return std::unexpected(fmt::format("member {}: {}", ordinal, what));
}

// One central directory header (4.3.12) before interpretation.
struct CentralHeader {
    std::uint16_t made_by = 0;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint32_t compressed = 0;
    std::uint32_t uncompressed = 0;
    std::uint16_t disk_start = 0;
    std::uint32_t local_offset = 0;
    std::span<const std::byte> name;
    std::span<const std::byte> extra;
};

std::optional<CentralHeader> read_central_header(ByteReader& reader)
{
    if (!reader.has(central_fixed_size) || reader.u32le() != central_signature) {
        return std::nullopt;
    }
    CentralHeader h;
    h.made_by = *reader.u16le();
    reader.skip(2);  // version needed to extract
    h.flags = *reader.u16le();
    h.method = *reader.u16le();
    reader.skip(4);  // time, date
    h.crc = *reader.u32le();
    h.compressed = *reader.u32le();
    h.uncompressed = *reader.u32le();
    const std::uint16_t name_length = *reader.u16le();
    const std::uint16_t extra_length = *reader.u16le();
    const std::uint16_t comment_length = *reader.u16le();
    h.disk_start = *reader.u16le();
    reader.skip(6);  // internal and external attributes
    h.local_offset = *reader.u32le();
    const auto name = reader.bytes(name_length);
    const auto extra = reader.bytes(extra_length);
    if (!name || !extra || !reader.skip(comment_length)) {
        return std::nullopt;
    }
    h.name = *name;
    h.extra = *extra;
    return h;
}

// The cipher of one member: APPNOTE 4.4.4 bits 0 and 6, AE-x method 99 + extra field 0x9901.
std::expected<void, std::string> classify(ZipEntry& entry, const std::optional<AesExtraField>& aes)
{
    const bool encrypted = (entry.flags & zip_flag::encrypted) != 0;
    if ((entry.flags & zip_flag::strong_encryption) != 0) {
        return member_fail(entry.ordinal, "PKWARE strong encryption cannot be verified");
    }
    if ((entry.flags & zip_flag::masked_local_header) != 0) {
        return member_fail(entry.ordinal, "central directory encryption (masked headers) cannot be verified");
    }
    if (entry.method == zip_method::winzip_aes || aes) {
        if (!aes || entry.method != zip_method::winzip_aes || !encrypted) {
            return member_fail(entry.ordinal, "AE-x method 99, extra field and encryption flag do not agree");
        }
        if (aes->vendor_id != aes_vendor_id || (aes->vendor_version != 1 && aes->vendor_version != 2)) {
            return member_fail(entry.ordinal, "unknown AE-x vendor or version");
        }
        switch (aes->strength) {
        case 1: entry.cipher = Cipher::aes128; break;
        case 2: entry.cipher = Cipher::aes192; break;
        case 3: entry.cipher = Cipher::aes256; break;
        default: return member_fail(entry.ordinal, fmt::format("unknown AE-x strength {}", aes->strength));
        }
        entry.actual_method = aes->actual_method;
        entry.aes_vendor_version = aes->vendor_version;
        if (entry.compressed_size < aes_salt_length(entry.cipher) + aes_verifier_length + aes_mac_length) {
            return member_fail(
                entry.ordinal, "AES data shorter than its salt, verifier and authentication code");
        }
        return {};
    }
    entry.actual_method = entry.method;
    if (encrypted) {
        entry.cipher = Cipher::zipcrypto;  // APPNOTE 6.1: traditional PKWARE encryption
        if (entry.compressed_size < zipcrypto_header_length) {
            return member_fail(entry.ordinal, "encrypted data shorter than its 12-byte encryption header");
        }
    }
    return {};
}

// The entry's final values from the central header and its ZIP64 block (4.5.3).
std::expected<ZipEntry, std::string> make_entry(
    const CentralHeader& h, const ExtraFields& fields, std::size_t ordinal)
{
    ZipEntry entry;
    entry.ordinal = ordinal;
    entry.flags = h.flags;
    entry.method = h.method;
    entry.crc32 = h.crc;
    entry.compressed_size = h.compressed;
    entry.uncompressed_size = h.uncompressed;
    entry.local_header_offset = h.local_offset;
    std::uint32_t disk = h.disk_start;
    const bool need_uncompressed = h.uncompressed == sentinel32;
    const bool need_compressed = h.compressed == sentinel32;
    const bool need_offset = h.local_offset == sentinel32;
    const bool need_disk = h.disk_start == sentinel16;
    if ((need_uncompressed || need_compressed || need_offset || need_disk) && fields.zip64) {
        const auto wide
            = read_zip64_values(*fields.zip64, need_uncompressed, need_compressed, need_offset, need_disk);
        if (!wide) {
            return member_fail(ordinal, wide.error());
        }
        entry.uncompressed_size = wide->uncompressed_size.value_or(entry.uncompressed_size);
        entry.compressed_size = wide->compressed_size.value_or(entry.compressed_size);
        entry.local_header_offset = wide->local_header_offset.value_or(entry.local_header_offset);
        disk = wide->disk_start.value_or(disk);
    }
    // Without a ZIP64 block the sentinels are taken literally; the layout check then fails.
    if (disk != 0) {
        return member_fail(ordinal, "multi-disk (spanned or split) zip is not supported");
    }
    const std::string_view raw_name(reinterpret_cast<const char*>(h.name.data()), h.name.size());
    entry.name = decode_zip_name(raw_name, (h.flags & zip_flag::utf8_names) != 0,
        static_cast<std::uint8_t>(h.made_by >> 8), fields.unicode_path);
    entry.has_data = entry.compressed_size != 0 || entry.uncompressed_size != 0;
    entry.directory = !entry.has_data && raw_name.ends_with('/');
    if (auto classified = classify(entry, fields.aes); !classified) {
        return std::unexpected(classified.error());
    }
    return entry;
}

// After the last header only a digital signature record (4.3.13) may remain in the directory.
bool only_signature_left(ByteReader reader)
{
    if (reader.at_end()) {
        return true;
    }
    if (reader.u32le() != signature_record) {
        return false;
    }
    const auto size = reader.u16le();
    return size && reader.skip(*size) && reader.at_end();
}

} // namespace

std::size_t aes_salt_length(Cipher cipher)
{
    switch (cipher) {
    case Cipher::aes128: return 8;
    case Cipher::aes192: return 12;
    case Cipher::aes256: return 16;
    default: return 0;
    }
}

std::expected<std::vector<ZipEntry>, std::string> read_zip_directory(
    std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto end = find_zip_end_record(data);
    if (!end) {
        return std::unexpected(end.error());
    }
    if (end->entry_count > limits.max_members) {
        return fail(fmt::format("{} members exceed max_members ({})", end->entry_count, limits.max_members));
    }
    if (end->cd_size > limits.max_header_bytes) {
        return fail(fmt::format("central directory of {} bytes exceeds max_header_bytes ({})", end->cd_size,
            limits.max_header_bytes));
    }
    if (end->entry_count > end->cd_size / central_fixed_size) {
        return fail(fmt::format(
            "{} members cannot fit in a central directory of {} bytes", end->entry_count, end->cd_size));
    }
    ByteReader directory(
        data.subspan(static_cast<std::size_t>(end->cd_offset), static_cast<std::size_t>(end->cd_size)));

    std::vector<ZipEntry> entries;
    std::vector<MemberSpan> spans;
    entries.reserve(static_cast<std::size_t>(end->entry_count));
    spans.reserve(static_cast<std::size_t>(end->entry_count));
    std::uint64_t local_bytes = 0;
    for (std::uint64_t i = 0; i < end->entry_count; ++i) {  // bounded by max_members
        const std::size_t ordinal = static_cast<std::size_t>(i) + 1;
        const auto header = read_central_header(directory);
        if (!header) {
            return fail(
                fmt::format("central directory entry {} is truncated or has a bad signature", ordinal));
        }
        const auto fields = parse_extra_fields(header->extra);
        if (!fields) {
            return member_fail(ordinal, fields.error());
        }
        auto entry = make_entry(*header, *fields, ordinal);
        if (!entry) {
            return std::unexpected(entry.error());
        }
        const auto span = check_local_header(data, end->cd_offset, *entry, header->name, fields->aes);
        if (!span) {
            return std::unexpected(span.error());
        }
        // Members that do not overlap occupy at most cd_offset bytes together. Checking the sum
        // as we go also bounds the local header work: many central entries pointing at one
        // large local header stop here, not after parsing it max_members times.
        const std::uint64_t occupied
            = entry->data_offset + entry->compressed_size - entry->local_header_offset;
        if (occupied > end->cd_offset - local_bytes) {
            return fail(fmt::format("members overlap (member {})", ordinal));
        }
        local_bytes += occupied;
        spans.push_back(*span);
        entries.push_back(std::move(*entry));
    }
    // A reader that walks the directory by size rather than by count would see more members.
    if (!only_signature_left(directory)) {
        return fail(fmt::format(
            "central directory holds more than the {} members its end record counts", end->entry_count));
    }
    if (auto tiled = check_members_tile(spans, end->cd_offset); !tiled) {
        return std::unexpected(tiled.error());
    }
    return entries;
}

} // namespace pm::archive
