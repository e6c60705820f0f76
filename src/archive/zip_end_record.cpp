// End of central directory (APPNOTE 6.3.x 4.3.16) and ZIP64 locator/record (4.3.15, 4.3.14).
#include "archive/zip_end_record.hpp"

#include "core/byte_reader.hpp"

#include <fmt/format.h>

#include <optional>

namespace pm::archive {

namespace {

constexpr std::uint32_t eocd_signature = 0x06054b50;  // 4.3.16
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;  // 4.3.15
constexpr std::uint32_t zip64_record_signature = 0x06064b50;  // 4.3.14
constexpr std::uint64_t eocd_size = 22;  // fixed part of 4.3.16
constexpr std::uint64_t max_comment = 0xFFFF;  // 4.4.25: a 2-byte length
constexpr std::uint64_t zip64_locator_size = 20;  // 4.3.15
constexpr std::uint64_t zip64_record_min_size = 56;  // 4.3.14 fixed fields
constexpr std::uint64_t zip64_record_max_size = 1ull << 20;  // extensible data: ours to bound

std::unexpected<std::string> fail(std::string message)
{
    return std::unexpected(std::move(message));
}

// 4.3.16 fields after the signature.
struct Eocd {
    std::uint16_t disk = 0;
    std::uint16_t cd_disk = 0;
    std::uint16_t entries_on_disk = 0;
    std::uint16_t entries = 0;
    std::uint32_t cd_size = 0;
    std::uint32_t cd_offset = 0;
};

std::optional<Eocd> read_eocd(ByteReader reader)
{
    const auto disk = reader.u16le();
    const auto cd_disk = reader.u16le();
    const auto on_disk = reader.u16le();
    const auto entries = reader.u16le();
    const auto size = reader.u32le();
    const auto offset = reader.u32le();
    if (!disk || !cd_disk || !on_disk || !entries || !size || !offset) {
        return std::nullopt;
    }
    return Eocd{*disk, *cd_disk, *on_disk, *entries, *size, *offset};
}

// Every offset in [start, end] where a signature + a comment length reaching exactly the end of
// the data could be an EOCD. At most 65536 positions are looked at.
std::expected<std::uint64_t, std::string> locate_eocd(std::span<const std::byte> data)
{
    const std::uint64_t size = data.size();
    if (size < eocd_size) {
        return fail("no end of central directory record (shorter than 22 bytes)");
    }
    const std::uint64_t last = size - eocd_size;
    const std::uint64_t first = last > max_comment ? last - max_comment : 0;
    std::optional<std::uint64_t> found;
    ByteReader reader(data);
    for (std::uint64_t pos = last + 1; pos-- > first;) {
        reader.seek(pos);
        if (reader.u32le() != eocd_signature) {
            continue;
        }
        reader.seek(pos + 20);
        const auto comment_length = reader.u16le();
        if (!comment_length || pos + eocd_size + *comment_length != size) {
            continue;
        }
        if (found) {
            return fail("ambiguous end of central directory: two records fit (one inside the comment)");
        }
        found = pos;
    }
    if (!found) {
        return fail("no end of central directory record (truncated, or data appended after the archive)");
    }
    return *found;
}

struct Zip64Locator {
    std::uint32_t disk = 0;
    std::uint64_t record_offset = 0;
    std::uint32_t total_disks = 0;
};

std::optional<Zip64Locator> read_zip64_locator(std::span<const std::byte> data, std::uint64_t eocd_pos)
{
    if (eocd_pos < zip64_locator_size) {
        return std::nullopt;
    }
    ByteReader reader(data);
    reader.seek(eocd_pos - zip64_locator_size);
    if (reader.u32le() != zip64_locator_signature) {
        return std::nullopt;
    }
    Zip64Locator locator;
    locator.disk = *reader.u32le();  // the 20 bytes are known to be there: they precede the EOCD
    locator.record_offset = *reader.u64le();
    locator.total_disks = *reader.u32le();
    return locator;
}

// 4.3.14 fixed fields after signature and size.
struct Zip64Record {
    std::uint32_t disk = 0;
    std::uint32_t cd_disk = 0;
    std::uint64_t entries_on_disk = 0;
    std::uint64_t entries = 0;
    std::uint64_t cd_size = 0;
    std::uint64_t cd_offset = 0;
};

std::expected<Zip64Record, std::string> read_zip64_record(
    std::span<const std::byte> data, const Zip64Locator& locator, std::uint64_t locator_pos)
{
    if (locator.record_offset > locator_pos || locator_pos - locator.record_offset < zip64_record_min_size) {
        return fail("ZIP64 end of central directory record is outside the archive");
    }
    ByteReader reader(data);
    reader.seek(locator.record_offset);
    if (reader.u32le() != zip64_record_signature) {
        return fail("no ZIP64 end of central directory record where the locator points");
    }
    // 4.3.14.1: the size field excludes its own 12 leading bytes. The record must end exactly at
    // the locator: nothing may hide between them.
    const std::uint64_t record_size = *reader.u64le();
    if (record_size > zip64_record_max_size || record_size < zip64_record_min_size - 12
        || locator.record_offset + 12 + record_size != locator_pos) {
        return fail("ZIP64 end of central directory record size is inconsistent");
    }
    reader.skip(4);  // version made by, version needed
    Zip64Record record;
    record.disk = *reader.u32le();
    record.cd_disk = *reader.u32le();
    record.entries_on_disk = *reader.u64le();
    record.entries = *reader.u64le();
    record.cd_size = *reader.u64le();
    record.cd_offset = *reader.u64le();
    return record;
}

// A 16/32-bit EOCD field and its 64-bit ZIP64 counterpart: the sentinel defers to ZIP64 (4.4.1.4);
// any other value must agree with it.
template <class T> std::optional<std::uint64_t> merge(T eocd_value, std::uint64_t zip64_value)
{
    constexpr T sentinel = static_cast<T>(~T{0});
    if (eocd_value == sentinel || eocd_value == zip64_value) {
        return zip64_value;
    }
    return std::nullopt;
}

} // namespace

std::expected<ZipEndRecord, std::string> find_zip_end_record(std::span<const std::byte> data)
{
    const auto eocd_pos = locate_eocd(data);
    if (!eocd_pos) {
        return std::unexpected(eocd_pos.error());
    }
    ByteReader reader(data);
    reader.seek(*eocd_pos + 4);
    const auto eocd = read_eocd(reader);
    if (!eocd) {
        return fail("end of central directory record is truncated");
    }
    ZipEndRecord end;
    end.entry_count = eocd->entries;
    end.cd_size = eocd->cd_size;
    end.cd_offset = eocd->cd_offset;
    end.cd_end = *eocd_pos;
    std::uint64_t disk = eocd->disk;
    std::uint64_t cd_disk = eocd->cd_disk;
    std::uint64_t entries_on_disk = eocd->entries_on_disk;

    if (const auto locator = read_zip64_locator(data, *eocd_pos)) {
        const std::uint64_t locator_pos = *eocd_pos - zip64_locator_size;
        if (locator->disk != 0 || locator->total_disks > 1) {
            return fail("multi-disk (spanned or split) zip is not supported");
        }
        const auto record = read_zip64_record(data, *locator, locator_pos);
        if (!record) {
            return std::unexpected(record.error());
        }
        const auto entries = merge(eocd->entries, record->entries);
        const auto on_disk = merge(eocd->entries_on_disk, record->entries_on_disk);
        const auto cd_size = merge(eocd->cd_size, record->cd_size);
        const auto cd_offset = merge(eocd->cd_offset, record->cd_offset);
        const auto disk64 = merge(eocd->disk, record->disk);
        const auto cd_disk64 = merge(eocd->cd_disk, record->cd_disk);
        if (!entries || !on_disk || !cd_size || !cd_offset || !disk64 || !cd_disk64) {
            return fail("end of central directory and ZIP64 end record disagree");
        }
        end.entry_count = *entries;
        entries_on_disk = *on_disk;
        end.cd_size = *cd_size;
        end.cd_offset = *cd_offset;
        disk = *disk64;
        cd_disk = *cd_disk64;
        end.cd_end = locator->record_offset;
        end.zip64 = true;
    }
    // Without a locator, 0xFFFF / 0xFFFFFFFF are taken literally: a wrong value fails the checks below.
    if (disk != 0 || cd_disk != 0 || entries_on_disk != end.entry_count) {
        return fail("multi-disk (spanned or split) zip is not supported");
    }
    if (end.cd_offset > end.cd_end || end.cd_end - end.cd_offset != end.cd_size) {
        return fail(fmt::format("central directory ({} bytes at offset {}) does not end where the end "
                                "record begins (offset {}): prepended or hidden data",
            end.cd_size, end.cd_offset, end.cd_end));
    }
    return end;
}

} // namespace pm::archive
