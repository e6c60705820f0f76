// Zip extra fields (APPNOTE 6.3.x 4.5.1-4.5.3, 4.6.9; WinZip AE-x notes), bounds-checked.
#include "archive/zip_extra_field.hpp"

#include "core/byte_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pm::archive {

namespace {

constexpr std::uint16_t zip64_id = 0x0001;  // APPNOTE 4.5.2
constexpr std::uint16_t aes_id = 0x9901;  // AE-x notes
constexpr std::uint16_t unicode_path_id = 0x7075;  // APPNOTE 4.6.9
constexpr std::size_t aes_body_size = 7;

bool all_zero(std::span<const std::byte> bytes)
{
    return std::ranges::all_of(bytes, [](std::byte b) { return b == std::byte{0}; });
}

} // namespace

std::expected<ExtraFields, std::string> parse_extra_fields(std::span<const std::byte> extra)
{
    ExtraFields fields;
    ByteReader reader(extra);
    while (reader.remaining() >= 4) {
        const std::uint16_t id = *reader.u16le();
        const std::uint16_t size = *reader.u16le();
        const auto body = reader.bytes(size);
        if (!body) {
            return std::unexpected(fmt::format("extra field 0x{:04x} runs past the extra area", id));
        }
        switch (id) {
        case zip64_id:
            if (fields.zip64) {
                return std::unexpected(std::string("duplicate ZIP64 extra field"));
            }
            fields.zip64 = *body;
            break;
        case aes_id: {
            if (fields.aes) {
                return std::unexpected(std::string("duplicate AE-x extra field"));
            }
            // AE-x: "Data size: currently 7, but subject to possible increase in the future";
            // the fields we read are the first 7 bytes.
            if (body->size() < aes_body_size) {
                return std::unexpected(std::string("AE-x extra field shorter than 7 bytes"));
            }
            ByteReader aes(*body);
            AesExtraField value;
            value.vendor_version = *aes.u16le();
            value.vendor_id = *aes.u16le();
            value.strength = *aes.u8();
            value.actual_method = *aes.u16le();
            fields.aes = value;
            break;
        }
        case unicode_path_id:
            if (fields.unicode_path) {
                return std::unexpected(std::string("duplicate Unicode Path extra field"));
            }
            fields.unicode_path = *body;
            break;
        default: break;  // other blocks (timestamps, Unix ids, NTFS, ...) say nothing about encryption
        }
    }
    if (!all_zero(reader.tail(reader.position()))) {
        return std::unexpected(std::string("extra area ends inside a field header"));
    }
    return fields;
}

std::expected<Zip64Values, std::string> read_zip64_values(std::span<const std::byte> body,
    bool need_uncompressed, bool need_compressed, bool need_offset, bool need_disk)
{
    // APPNOTE 4.5.3: "The order of the fields in the zip64 extended information record is fixed,
    // but the fields MUST only appear if the corresponding Local or Central directory record
    // field is set to 0xFFFF or 0xFFFFFFFF."
    ByteReader reader(body);
    Zip64Values values;
    const auto missing = [] { return std::unexpected(std::string("ZIP64 extra field is too short")); };
    if (need_uncompressed && !(values.uncompressed_size = reader.u64le())) {
        return missing();
    }
    if (need_compressed && !(values.compressed_size = reader.u64le())) {
        return missing();
    }
    if (need_offset && !(values.local_header_offset = reader.u64le())) {
        return missing();
    }
    if (need_disk && !(values.disk_start = reader.u32le())) {
        return missing();
    }
    return values;
}

} // namespace pm::archive
