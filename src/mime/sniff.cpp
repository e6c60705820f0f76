// Magic-byte sniffing of decoded part bytes: what a part really is, whatever its name says.
#include "mime/message_tree.hpp"
#include "mime/utf8_text.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace pm::mime {

namespace {

// Every read below goes through these three: an offset past the end yields nothing, never UB.

bool has_at(std::string_view bytes, std::size_t offset, std::string_view magic)
{
    return offset <= bytes.size() && bytes.size() - offset >= magic.size()
        && bytes.substr(offset, magic.size()) == magic;
}

std::optional<std::uint16_t> le16_at(std::string_view bytes, std::size_t offset)
{
    if (offset > bytes.size() || bytes.size() - offset < 2) {
        return std::nullopt;
    }
    const auto b = [&](std::size_t i) {
        return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[offset + i]));
    };
    return static_cast<std::uint16_t>(b(0) | (b(1) << 8));
}

std::optional<std::uint32_t> le32_at(std::string_view bytes, std::size_t offset)
{
    if (offset > bytes.size() || bytes.size() - offset < 4) {
        return std::nullopt;
    }
    const auto b = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i]));
    };
    return b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
}

// PKWARE APPNOTE 6.3.10, 4.3.7 local file header / 4.3.12 central directory file header /
// 4.3.16 end of central directory record.
constexpr std::string_view zip_local_header = "PK\x03\x04";
constexpr std::string_view zip_central_header = "PK\x01\x02";
constexpr std::string_view zip_end_of_directory = "PK\x05\x06";
constexpr std::size_t zip_local_header_size = 30;
constexpr std::size_t zip_central_header_size = 46;
constexpr std::size_t zip_end_of_directory_size = 22;
constexpr std::size_t zip_max_comment = 0xFFFF;
constexpr std::uint16_t zip_flag_data_descriptor = 1u << 3;
constexpr std::uint16_t zip_method_stored = 0;
constexpr std::size_t zip_max_members_scanned = 4096;

constexpr std::string_view ooxml_marker_member = "[Content_Types].xml";
constexpr std::string_view odf_mimetype_member = "mimetype";
constexpr std::string_view odf_mimetype_prefix = "application/vnd.oasis.opendocument";

/// ODF 1.2 part 3, 3.3: the first local entry is `mimetype`, stored uncompressed, so its content
/// can be read in place right after the header.
bool is_odf(std::string_view zip)
{
    const auto method = le16_at(zip, 8);
    const auto name_length = le16_at(zip, 26);
    const auto extra_length = le16_at(zip, 28);
    if (!method || !name_length || !extra_length || *method != zip_method_stored) {
        return false;
    }
    if (*name_length != odf_mimetype_member.size()
        || !has_at(zip, zip_local_header_size, odf_mimetype_member)) {
        return false;
    }
    return has_at(zip, zip_local_header_size + *name_length + *extra_length, odf_mimetype_prefix);
}

enum class MemberSearch { found, absent, stuck };

/// Walks local file headers from the start. "stuck" when an entry's size is deferred to a data
/// descriptor (APPNOTE 4.4.4 bit 3) or the walk leaves the buffer: the central directory must
/// then decide.
MemberSearch find_local_member(std::string_view zip, std::string_view name)
{
    std::size_t offset = 0;
    for (std::size_t members = 0; members < zip_max_members_scanned; ++members) {
        if (!has_at(zip, offset, zip_local_header)) {
            return has_at(zip, offset, zip_central_header) || has_at(zip, offset, zip_end_of_directory)
                ? MemberSearch::absent
                : MemberSearch::stuck;
        }
        const auto flags = le16_at(zip, offset + 6);
        const auto compressed_size = le32_at(zip, offset + 18);
        const auto name_length = le16_at(zip, offset + 26);
        const auto extra_length = le16_at(zip, offset + 28);
        if (!flags || !compressed_size || !name_length || !extra_length) {
            return MemberSearch::stuck;
        }
        if (*name_length == name.size() && has_at(zip, offset + zip_local_header_size, name)) {
            return MemberSearch::found;
        }
        if ((*flags & zip_flag_data_descriptor) != 0 || *compressed_size == 0xFFFFFFFFu) {
            return MemberSearch::stuck;  // size unknown here, or in a zip64 extra field
        }
        const std::uint64_t next = std::uint64_t{offset} + zip_local_header_size + *name_length
            + *extra_length + *compressed_size;
        if (next >= zip.size()) {
            return MemberSearch::stuck;
        }
        offset = static_cast<std::size_t>(next);
    }
    return MemberSearch::stuck;
}

/// Looks `name` up in the central directory found through the end-of-central-directory record
/// (searched backwards over at most the record plus a maximal comment).
bool central_directory_has(std::string_view zip, std::string_view name)
{
    if (zip.size() < zip_end_of_directory_size) {
        return false;
    }
    const std::size_t last = zip.size() - zip_end_of_directory_size;
    const std::size_t first = last > zip_max_comment ? last - zip_max_comment : 0;
    std::optional<std::size_t> end_record;
    for (std::size_t at = last + 1; at-- > first;) {
        if (has_at(zip, at, zip_end_of_directory)) {
            end_record = at;
            break;
        }
    }
    if (!end_record) {
        return false;
    }
    const auto entries = le16_at(zip, *end_record + 10);
    const auto directory_offset = le32_at(zip, *end_record + 16);
    if (!entries || !directory_offset || *directory_offset >= zip.size()) {
        return false;  // includes zip64 (0xFFFFFFFF): not worth following for a sniff
    }
    std::size_t offset = *directory_offset;
    const std::size_t limit = std::min<std::size_t>(*entries, zip_max_members_scanned);
    for (std::size_t i = 0; i < limit; ++i) {
        if (!has_at(zip, offset, zip_central_header)) {
            return false;
        }
        const auto name_length = le16_at(zip, offset + 28);
        const auto extra_length = le16_at(zip, offset + 30);
        const auto comment_length = le16_at(zip, offset + 32);
        if (!name_length || !extra_length || !comment_length) {
            return false;
        }
        if (*name_length == name.size() && has_at(zip, offset + zip_central_header_size, name)) {
            return true;
        }
        offset += zip_central_header_size + *name_length + *extra_length + *comment_length;
    }
    return false;
}

bool is_ooxml(std::string_view zip)
{
    switch (find_local_member(zip, ooxml_marker_member)) {
    case MemberSearch::found: return true;
    case MemberSearch::absent: return false;
    case MemberSearch::stuck: return central_directory_has(zip, ooxml_marker_member);
    }
    return false;
}

constexpr std::size_t text_window = 4096;
constexpr std::size_t pdf_window = 1024;

/// No NUL, and either well-formed UTF-8 with few control bytes, or mostly printable in some
/// single-byte charset (ISO-8859-x, windows-125x).
bool looks_like_text(std::string_view bytes)
{
    const std::string_view window = bytes.substr(0, text_window);
    std::size_t controls = 0;
    std::size_t printable = 0;
    for (const char c : window) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == 0) {
            return false;
        }
        const bool whitespace = byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f';
        // ESC introduces ISO-2022-JP shifts; backspace and VT turn up in old text files.
        const bool tolerated = byte == 0x1B || byte == 0x08 || byte == 0x0B;
        if ((byte < 0x20 && !whitespace && !tolerated) || byte == 0x7F) {
            ++controls;
        }
        if (whitespace || (byte >= 0x20 && byte < 0x7F) || byte >= 0xA0) {
            ++printable;
        }
    }
    const bool cut = bytes.size() > window.size();
    if (controls * 32 <= window.size() && is_valid_utf8(window, cut)) {
        return true;
    }
    return printable * 100 >= window.size() * 95;
}

} // namespace

std::string_view to_string(SniffedType type)
{
    switch (type) {
    case SniffedType::empty: return "empty";
    case SniffedType::text: return "text";
    case SniffedType::seven_zip: return "7z";
    case SniffedType::zip: return "zip";
    case SniffedType::ooxml: return "ooxml";
    case SniffedType::odf: return "odf";
    case SniffedType::pdf: return "pdf";
    case SniffedType::ole_cfb: return "ole_cfb";
    case SniffedType::png: return "png";
    case SniffedType::jpeg: return "jpeg";
    case SniffedType::gif: return "gif";
    case SniffedType::binary: return "binary";
    }
    return "binary";
}

SniffedType sniff(std::string_view bytes)
{
    if (bytes.empty()) {
        return SniffedType::empty;
    }
    // 7zFormat.txt, "SignatureHeader": '7' 'z' BC AF 27 1C.
    if (has_at(bytes, 0, "7z\xBC\xAF\x27\x1C")) {
        return SniffedType::seven_zip;
    }
    if (has_at(bytes, 0, zip_local_header)) {
        if (is_odf(bytes)) {
            return SniffedType::odf;
        }
        return is_ooxml(bytes) ? SniffedType::ooxml : SniffedType::zip;
    }
    if (has_at(bytes, 0, zip_end_of_directory)) {
        return SniffedType::zip;  // an empty archive is nothing but its end record
    }
    // [MS-CFB] 2.2 compound file header signature.
    if (has_at(bytes, 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return SniffedType::ole_cfb;
    }
    if (has_at(bytes, 0, "\x89PNG\r\n\x1A\n")) {
        return SniffedType::png;
    }
    if (has_at(bytes, 0, "\xFF\xD8\xFF")) {
        return SniffedType::jpeg;
    }
    if (has_at(bytes, 0, "GIF87a") || has_at(bytes, 0, "GIF89a")) {
        return SniffedType::gif;
    }
    // ISO 32000-1 7.5.2 puts the header first, but Acrobat accepts it anywhere in the first
    // 1024 bytes (PDF Reference 1.7, appendix H): a junk prefix must not hide a PDF.
    if (bytes.substr(0, pdf_window).find("%PDF-") != std::string_view::npos) {
        return SniffedType::pdf;
    }
    return looks_like_text(bytes) ? SniffedType::text : SniffedType::binary;
}

} // namespace pm::mime
