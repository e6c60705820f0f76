// Encrypted Office (CFB streams, legacy flags) and PDF (poppler: does it need a user password?).
#include "protection/document_encryption.hpp"

#include "core/byte_reader.hpp"
#include "protection/compound_file.hpp"

#include <poppler-document.h>
#include <poppler-global.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace pm::protection {

namespace {

using Streams = std::vector<std::size_t>;

/// Encrypted wins over "could not tell", which wins over "not encrypted".
DocumentEncryption combine(DocumentEncryption a, DocumentEncryption b)
{
    if (a == DocumentEncryption::encrypted || b == DocumentEncryption::encrypted) {
        return DocumentEncryption::encrypted;
    }
    if (a == DocumentEncryption::unknown || b == DocumentEncryption::unknown) {
        return DocumentEncryption::unknown;
    }
    return DocumentEncryption::none;
}

/// [MS-OFFCRYPTO] 2.3.4.5 (standard: x.2 with x in 2..4), 2.3.4.6 (extensible: 3.3, 4.3) and
/// 2.3.4.10 (agile: 4.4): the Version that starts the EncryptionInfo stream.
DocumentEncryption encryption_info_version(const CompoundFile& file, const CfbEntry& info)
{
    const auto head = file.read(info, 0, 4);
    if (!head || head->size() < 4) {
        return DocumentEncryption::unknown;
    }
    ByteReader in(*head);
    const auto major = in.u16le().value_or(0);
    const auto minor = in.u16le().value_or(0);
    const bool known = (minor == 2 && major >= 2 && major <= 4) || (minor == 3 && (major == 3 || major == 4))
        || (minor == 4 && major == 4);
    return known ? DocumentEncryption::encrypted : DocumentEncryption::unknown;
}

/// [MS-DOC] 2.5.2 FibBase: wIdent 0xA5EC (Word 97+; 0xA5DC for Word 6/95, same layout here), and
/// in the 16 flag bits at offset 0x0A, fEncrypted (0x0100; with fObfuscated it is XOR
/// obfuscation, which is still "needs a password").
DocumentEncryption word_encryption(const CompoundFile& file, const CfbEntry& stream)
{
    const auto fib = file.read(stream, 0, 12);
    if (!fib || fib->size() < 12) {
        return DocumentEncryption::unknown;
    }
    ByteReader in(*fib);
    const auto ident = in.u16le().value_or(0);
    in.seek(0x0A);
    const auto flags = in.u16le().value_or(0);
    if (ident != 0xA5EC && ident != 0xA5DC) {
        return DocumentEncryption::unknown;
    }
    return (flags & 0x0100) != 0 ? DocumentEncryption::encrypted : DocumentEncryption::none;
}

/// [MS-XLS] 2.1.7.20.3: WORKBOOK = BOF [WriteProtect] [FilePass] ...; records are
/// { u16 type, u16 size, data } (2.1.4). FilePass (0x002F, 2.4.117) means the workbook is
/// encrypted. We look at the first few records after a BOF (0x0809 in BIFF8, 0x0409, 0x0209 and
/// 0x0009 in older BIFF versions).
DocumentEncryption excel_encryption(const CompoundFile& file, const CfbEntry& stream)
{
    constexpr std::size_t window = 4096;
    constexpr int max_records = 32;
    const auto head = file.read(stream, 0, window);
    if (!head) {
        return DocumentEncryption::unknown;
    }
    ByteReader in(*head);
    const auto bof = in.u16le();
    if (!bof || (*bof != 0x0809 && *bof != 0x0409 && *bof != 0x0209 && *bof != 0x0009)) {
        return DocumentEncryption::unknown;
    }
    in.seek(0);
    for (int i = 0; i < max_records; ++i) {
        const auto type = in.u16le();
        const auto size = in.u16le();
        if (!type || !size) {
            break;
        }
        if (*type == 0x002F) {
            return DocumentEncryption::encrypted;
        }
        if (*type == 0x000A || !in.skip(*size)) {  // EOF record, or the window ends
            break;
        }
    }
    return DocumentEncryption::none;
}

/// [MS-PPT] 2.3.7: an encrypted presentation SHOULD have CurrentUserAtom.headerToken 0xF3D1C4DF
/// (2.3.2) and MUST have a UserEditAtom with encryptSessionPersistIdRef, i.e. rh.recLen 0x20
/// instead of 0x1C (2.3.3); without fDocProps its summary lives in EncryptedSummary.
DocumentEncryption powerpoint_encryption(const CompoundFile& file, const Streams& streams)
{
    constexpr std::uint16_t rt_current_user_atom = 0x0FF6;
    constexpr std::uint16_t rt_user_edit_atom = 0x0FF5;
    constexpr std::uint32_t token_encrypted = 0xF3D1C4DF;
    constexpr std::uint32_t token_plain = 0xE391C05F;
    const auto& entries = file.entries();
    if (file.find_child(streams, "EncryptedSummary")) {
        return DocumentEncryption::encrypted;
    }
    const auto current_user = file.find_child(streams, "Current User");
    const auto document = file.find_child(streams, "PowerPoint Document");
    if (!current_user || !document) {
        return DocumentEncryption::unknown;
    }
    const auto atom = file.read(entries[*current_user], 0, 20);
    if (!atom || atom->size() < 20) {
        return DocumentEncryption::unknown;
    }
    ByteReader in(*atom);
    in.skip(2);  // recVer / recInstance
    const auto type = in.u16le().value_or(0);
    in.skip(4 + 4);  // recLen, size
    const auto token = in.u32le().value_or(0);
    const auto edit_offset = in.u32le().value_or(0);
    if (type != rt_current_user_atom) {
        return DocumentEncryption::unknown;
    }
    if (token == token_encrypted) {
        return DocumentEncryption::encrypted;
    }
    if (token != token_plain) {
        return DocumentEncryption::unknown;
    }
    const auto edit = file.read(entries[*document], edit_offset, 8);
    if (!edit || edit->size() < 8) {
        return DocumentEncryption::unknown;
    }
    ByteReader rh(*edit);
    rh.skip(2);
    const auto edit_type = rh.u16le().value_or(0);
    const auto length = rh.u32le().value_or(0);
    if (edit_type != rt_user_edit_atom || (length != 0x1C && length != 0x20)) {
        return DocumentEncryption::unknown;
    }
    return length == 0x20 ? DocumentEncryption::encrypted : DocumentEncryption::none;
}

bool is_stream(const CompoundFile& file, std::optional<std::size_t> index)
{
    return index && file.entries()[*index].type == CfbObjectType::stream;
}

bool is_storage(const CompoundFile& file, std::optional<std::size_t> index)
{
    return index && file.entries()[*index].type == CfbObjectType::storage;
}

void silence_poppler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    });
}

bool is_pdf_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

/// ISO 32000-1 7.5.5 / 7.6.1: a trailer `/Encrypt` entry, either an indirect reference
/// ("/Encrypt 12 0 R") or a direct dictionary ("/Encrypt <<"). `/EncryptMetadata` is not one.
bool has_encrypt_entry(std::string_view bytes)
{
    constexpr std::string_view key = "/Encrypt";
    constexpr std::size_t max_hits = 4096;
    std::size_t hits = 0;
    for (std::size_t pos = bytes.find(key); pos != std::string_view::npos && hits < max_hits;
         pos = bytes.find(key, pos + 1), ++hits) {
        std::size_t i = pos + key.size();
        while (i < bytes.size() && is_pdf_space(bytes[i])) {
            ++i;
        }
        if (bytes.substr(i).starts_with("<<")) {
            return true;
        }
        // object number, generation, 'R'
        int numbers = 0;
        while (numbers < 2 && i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9') {
            while (i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9') {
                ++i;
            }
            ++numbers;
            while (i < bytes.size() && is_pdf_space(bytes[i])) {
                ++i;
            }
        }
        if (numbers == 2 && i < bytes.size() && bytes[i] == 'R') {
            return true;
        }
    }
    return false;
}

} // namespace

DocumentEncryption office_encryption(std::string_view bytes)
{
    const auto file = CompoundFile::open(bytes);
    if (!file) {
        return DocumentEncryption::unknown;
    }
    const auto streams = file->children(0);
    if (!streams) {
        return DocumentEncryption::unknown;
    }
    const auto& entries = file->entries();
    const auto find = [&](std::string_view name) { return file->find_child(*streams, name); };

    // [MS-OFFCRYPTO] 2.3.4.4 (ECMA-376 encryption) and 1.3.2 (IRM data spaces).
    const auto info = find("EncryptionInfo");
    const auto package = find("EncryptedPackage");
    const bool data_spaces = is_storage(*file, find("\x06" "DataSpaces"));
    if (is_stream(*file, info) && is_stream(*file, package)) {
        return encryption_info_version(*file, entries[*info]);
    }
    if (data_spaces && (is_stream(*file, package) || is_stream(*file, find("\x09" "DRMContent")))) {
        return DocumentEncryption::encrypted;
    }
    if (info || package) {
        return DocumentEncryption::unknown;  // half an encryption structure
    }

    DocumentEncryption result = DocumentEncryption::none;
    if (const auto word = find("WordDocument"); is_stream(*file, word)) {
        result = combine(result, word_encryption(*file, entries[*word]));
    }
    for (const std::string_view name : {"Workbook", "Book"}) {
        if (const auto book = find(name); is_stream(*file, book)) {
            result = combine(result, excel_encryption(*file, entries[*book]));
            break;
        }
    }
    if (find("PowerPoint Document") || find("EncryptedSummary")) {
        result = combine(result, powerpoint_encryption(*file, *streams));
    }
    return result;
}

DocumentEncryption pdf_encryption(std::string_view bytes)
{
    if (bytes.size() > max_pdf_bytes
        || bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return DocumentEncryption::unknown;
    }
    silence_poppler();
    try {
        // Empty owner and user passwords: a PDF that opens like this is readable by anyone.
        // poppler reads `bytes` in place without copying; they outlive `document`.
        const std::unique_ptr<poppler::document> document(
            poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size()), {}, {}));
        if (!document) {
            return has_encrypt_entry(bytes) ? DocumentEncryption::encrypted : DocumentEncryption::unknown;
        }
        return document->is_locked() ? DocumentEncryption::encrypted : DocumentEncryption::none;
    } catch (const std::bad_alloc&) {
        return DocumentEncryption::unknown;
    }
}

} // namespace pm::protection
