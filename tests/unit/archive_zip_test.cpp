// Zip reader, extractor and password proof on archives made at test time by zip and 7zz.
#include "archive/zip_reader.hpp"
#include "core/byte_reader.hpp"

#include "support/archive_tool.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace pm;
using namespace pm::archive;
using pm::test::ArchiveMember;
using pm::test::ZipEncryption;

namespace {

const std::string password = "pw1234";

std::span<const std::byte> bytes_of(const std::string& s)
{
    return as_byte_span(s);
}

ArchiveReport read_ok(const std::string& zip, const ArchiveLimits& limits = {})
{
    const ArchiveRead read = read_zip(bytes_of(zip), limits);
    INFO((read ? std::string("read") : read.error()));
    REQUIRE(read.has_value());
    return *read;
}

std::string read_error(const std::string& zip, const ArchiveLimits& limits = {})
{
    const ArchiveRead read = read_zip(bytes_of(zip), limits);
    REQUIRE_FALSE(read.has_value());
    return read.error();
}

// "name cipher" per member, plus " dir" / " empty" where that applies: one readable line each.
std::vector<std::string> summary(const ArchiveReport& report)
{
    std::vector<std::string> out;
    for (const MemberInfo& m : report.members) {
        std::string line = m.name + " " + std::string(to_string(m.cipher));
        if (m.directory) {
            line += " dir";
        }
        if (!m.has_data) {
            line += " empty";
        }
        CHECK(m.encrypted == (m.cipher != Cipher::none));
        out.push_back(line);
    }
    return out;
}

std::uint32_t get_le(const std::string& s, std::size_t pos, int width)
{
    std::uint32_t v = 0;
    for (int i = 0; i < width; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s.at(pos + i))) << (8 * i);
    }
    return v;
}

void put_le(std::string& s, std::size_t pos, std::uint32_t value, int width)
{
    for (int i = 0; i < width; ++i) {
        s.at(pos + i) = static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

// Offsets in an archive without a comment or ZIP64 records (APPNOTE 4.3.16).
std::size_t eocd_of(const std::string& zip)
{
    return zip.size() - 22;
}
std::size_t cd_offset_of(const std::string& zip)
{
    return get_le(zip, eocd_of(zip) + 16, 4);
}
// First byte of the first member's data (after its local header, APPNOTE 4.3.7).
std::size_t first_data_offset(const std::string& zip)
{
    return 30 + get_le(zip, 26, 2) + get_le(zip, 28, 2);
}

// CRC-32 of APPNOTE 4.4.7, bit by bit (test-side, independent of the reader's zlib).
std::uint32_t crc32_of(const std::string& bytes)
{
    std::uint32_t crc = 0xFFFFFFFF;
    for (const char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

// A one-member zip without extra fields (zip -X writes none) with `extra` added to both the
// local header (4.3.7) and the central header (4.3.12), and the end record moved to match.
std::string with_extra(const std::string& zip, const std::string& extra)
{
    REQUIRE(get_le(zip, 28, 2) == 0);
    const std::size_t cd = cd_offset_of(zip);
    REQUIRE(get_le(zip, cd + 30, 2) == 0);
    const std::size_t local_name_end = 30 + get_le(zip, 26, 2);
    const std::size_t central_name_end = cd + 46 + get_le(zip, cd + 28, 2);
    std::string out = zip.substr(0, local_name_end) + extra + zip.substr(local_name_end, cd - local_name_end);
    const std::size_t new_cd = out.size();
    out += zip.substr(cd, central_name_end - cd) + extra
        + zip.substr(central_name_end, eocd_of(zip) - central_name_end);
    const std::size_t new_eocd = out.size();
    out += zip.substr(eocd_of(zip));
    put_le(out, 28, static_cast<std::uint32_t>(extra.size()), 2);
    put_le(out, new_cd + 30, static_cast<std::uint32_t>(extra.size()), 2);
    put_le(out, new_eocd + 12, static_cast<std::uint32_t>(new_eocd - new_cd), 4);
    put_le(out, new_eocd + 16, static_cast<std::uint32_t>(new_cd), 4);
    return out;
}

std::string le_bytes(std::uint32_t value, int width)
{
    std::string out(static_cast<std::size_t>(width), '\0');
    put_le(out, 0, value, width);
    return out;
}

std::string text(std::size_t size, char seed)
{
    std::string out;
    out.reserve(size);
    std::uint32_t x = static_cast<unsigned char>(seed) * 2654435761u + 1;
    for (std::size_t i = 0; i < size; ++i) {
        x = x * 1103515245u + 12345u;
        out += "abcdefghij klmnop\n"[(x >> 16) % 18];
    }
    return out;
}

std::string random_bytes(std::size_t size, std::uint32_t seed)
{
    std::string out(size, '\0');
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    for (char& c : out) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c = static_cast<char>(x & 0xFF);
    }
    return out;
}

const std::string letter = "Verwijzing gezin Janssens, dossier 2024-117: zie verslag in bijlage.\n";
const std::string notes = text(4000, 'n');

} // namespace

TEST_CASE("plain zip reports no encryption and lists its members", "[archive][zip]")
{
    const std::string zip = test::make_zip({{"brief.txt", letter}, {"notes.txt", notes, true}});
    const ArchiveReport report = read_ok(zip);
    CHECK(report.facts.format == ArchiveFormat::zip);
    CHECK(report.facts.coverage == Coverage::none);
    CHECK(report.facts.weakest_cipher == Cipher::none);
    CHECK_FALSE(report.facts.names_encrypted);
    CHECK_FALSE(report.facts.kdf_cycles_power.has_value());
    CHECK(report.facts.member_count == 2);
    CHECK(summary(report) == std::vector<std::string>{"brief.txt none", "notes.txt none"});
    CHECK(report.members[0].unpacked_size == letter.size());
    CHECK(report.members[1].unpacked_size == notes.size());
}

TEST_CASE("zip with ZipCrypto members reports weak encryption", "[archive][zip]")
{
    SECTION("Info-ZIP zip -P (data descriptors)")
    {
        const std::string zip = test::make_zip_with_password(
            {{"brief.txt", letter}, {"notes.txt", notes}}, password, ZipEncryption::zipcrypto);
        const ArchiveReport report = read_ok(zip);
        CHECK(report.facts.coverage == Coverage::all);
        CHECK(report.facts.weakest_cipher == Cipher::zipcrypto);
        CHECK_FALSE(report.facts.names_encrypted);
        CHECK(report.facts.member_count == 2);
        CHECK(summary(report) == std::vector<std::string>{"brief.txt zipcrypto", "notes.txt zipcrypto"});
    }
    SECTION("7zz -mem=ZipCrypto (no data descriptors)")
    {
        const std::string zip = test::make_zip_with_password(
            {{"brief.txt", letter, true}, {"notes.txt", notes}}, password, ZipEncryption::zipcrypto_7zz);
        const ArchiveReport report = read_ok(zip);
        CHECK(report.facts.coverage == Coverage::all);
        CHECK(report.facts.weakest_cipher == Cipher::zipcrypto);
        CHECK(summary(report) == std::vector<std::string>{"brief.txt zipcrypto", "notes.txt zipcrypto"});
    }
}

TEST_CASE("zip with AE-x members reports the AES strength of each member", "[archive][zip]")
{
    const auto [encryption, cipher] = GENERATE(std::pair{ZipEncryption::aes128, Cipher::aes128},
        std::pair{ZipEncryption::aes192, Cipher::aes192}, std::pair{ZipEncryption::aes256, Cipher::aes256});
    const std::string name(to_string(cipher));
    const std::string zip = test::make_zip_with_password(
        {{"brief.txt", letter}, {"notes.txt", notes, true}}, password, encryption);
    const ArchiveReport report = read_ok(zip);
    CHECK(report.facts.coverage == Coverage::all);
    CHECK(report.facts.weakest_cipher == cipher);
    CHECK_FALSE(report.facts.names_encrypted);
    CHECK_FALSE(report.facts.kdf_cycles_power.has_value());
    CHECK(report.facts.member_count == 2);
    CHECK(summary(report) == std::vector<std::string>{"brief.txt " + name, "notes.txt " + name});
    CHECK(report.members[0].unpacked_size == letter.size());
}

TEST_CASE("zip with one encrypted and one plain member is partially encrypted", "[archive][zip]")
{
    SECTION("ZipCrypto, then a plain member appended by zip")
    {
        const std::string encrypted
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::zipcrypto);
        const std::string zip = test::add_to_zip(encrypted, {{"notes.txt", notes}});
        const ArchiveReport report = read_ok(zip);
        CHECK(report.facts.coverage == Coverage::partial);
        CHECK(report.facts.weakest_cipher == Cipher::zipcrypto);
        CHECK(report.facts.member_count == 2);
        CHECK(summary(report) == std::vector<std::string>{"brief.txt zipcrypto", "notes.txt none"});
    }
    SECTION("AES-256, then a ZipCrypto member: the weakest cipher is ZipCrypto")
    {
        const std::string aes
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::aes256);
        const std::string zip = test::add_to_zip(aes, {{"notes.txt", notes}}, password);
        const ArchiveReport report = read_ok(zip);
        CHECK(report.facts.coverage == Coverage::all);
        CHECK(report.facts.weakest_cipher == Cipher::zipcrypto);
        CHECK(summary(report) == std::vector<std::string>{"brief.txt aes256", "notes.txt zipcrypto"});
    }
    SECTION("AES-256, then an AES-128 member: the weakest cipher is AES-128")
    {
        const std::string aes256
            = test::make_zip_with_password({{"a.txt", letter}}, password, ZipEncryption::aes256);
        const std::string zip
            = test::add_to_zip_with_password(aes256, {{"b.txt", notes}}, password, ZipEncryption::aes128);
        const ArchiveReport report = read_ok(zip);
        CHECK(report.facts.coverage == Coverage::all);
        CHECK(report.facts.weakest_cipher == Cipher::aes128);
        CHECK(summary(report) == std::vector<std::string>{"a.txt aes256", "b.txt aes128"});
    }
}

TEST_CASE("directories and empty files do not count for coverage", "[archive][zip]")
{
    const std::string encrypted = test::make_zip_with_password(
        {{"dossier/", ""}, {"dossier/brief.txt", letter}}, password, ZipEncryption::zipcrypto);
    const std::string zip = test::add_to_zip(encrypted, {{"leeg.txt", ""}});
    const ArchiveReport report = read_ok(zip);
    CHECK(report.facts.coverage == Coverage::all);
    CHECK(report.facts.weakest_cipher == Cipher::zipcrypto);
    CHECK(report.facts.member_count == 3);
    CHECK(summary(report)
        == std::vector<std::string>{
            "dossier/ none dir empty", "dossier/brief.txt zipcrypto", "leeg.txt none empty"});
}

TEST_CASE("ZIP64 zip from zip -fz is read and extracted", "[archive][zip]")
{
    const std::string zip = test::make_zip64({{"brief.txt", letter}, {"notes.txt", notes, true}});
    // The archive really uses ZIP64: its end record defers the central directory offset.
    REQUIRE(get_le(zip, eocd_of(zip) + 16, 4) == 0xFFFFFFFF);
    const ArchiveReport report = read_ok(zip);
    CHECK(report.facts.coverage == Coverage::none);
    CHECK(report.facts.member_count == 2);
    CHECK(summary(report) == std::vector<std::string>{"brief.txt none", "notes.txt none"});
    CHECK(report.members[1].unpacked_size == notes.size());
    const ArchiveExtract extracted = extract_zip(bytes_of(zip), {});
    REQUIRE(extracted.has_value());
    REQUIRE(extracted->size() == 2);
    CHECK((*extracted)[0].data == letter);
    CHECK((*extracted)[1].data == notes);
}

TEST_CASE("empty zip (a bare end of central directory record) has no members", "[archive][zip]")
{
    // zip refuses to write an archive without members, so the 22-byte record is built here
    // (APPNOTE 4.3.16: signature, then eighteen zero bytes: no disks, no entries, no comment).
    const std::string zip = std::string("PK\x05\x06", 4) + std::string(18, '\0');
    const ArchiveReport report = read_ok(zip);
    CHECK(report.facts.member_count == 0);
    CHECK(report.facts.coverage == Coverage::none);
    CHECK(report.facts.weakest_cipher == Cipher::none);
    CHECK(report.members.empty());
    const ArchiveExtract extracted = extract_zip(bytes_of(zip), {});
    REQUIRE(extracted.has_value());
    CHECK(extracted->empty());
    CHECK(zip_password_check(bytes_of(zip), {}) == nullptr);
}

TEST_CASE("zip member names become UTF-8", "[archive][zip]")
{
    SECTION("Info-ZIP on Unix stores UTF-8 bytes without bit 11")
    {
        const ArchiveReport report = read_ok(test::make_zip({{"verslag-é€.txt", letter}}));
        CHECK(summary(report) == std::vector<std::string>{"verslag-é€.txt none"});
    }
    SECTION("7zz sets bit 11")
    {
        const std::string zip
            = test::make_zip_with_password({{"verslag-é€.txt", letter}}, password, ZipEncryption::aes256);
        CHECK((get_le(zip, 6, 2) & 0x0800) != 0);
        CHECK(summary(read_ok(zip)) == std::vector<std::string>{"verslag-é€.txt aes256"});
    }
    SECTION("bytes that are not UTF-8 are CP437, as iconv maps them")
    {
        std::string high;
        for (int b = 0x80; b <= 0xFF; ++b) {
            high += static_cast<char>(b);
        }
        const ArchiveReport report = read_ok(test::make_zip({{high, letter}}));
        const auto iconv = test::run_command("printf '" + [&] {
            std::string escaped;
            for (const char c : high) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned char>(c));
                escaped += buf;
            }
            return escaped;
        }() + "' | iconv -f CP437 -t UTF-8");
        REQUIRE(iconv.status == 0);
        REQUIRE(report.members.size() == 1);
        CHECK(report.members[0].name == iconv.out);
    }
}

TEST_CASE("an Info-ZIP Unicode Path field names the member while its CRC matches", "[archive][zip]")
{
    const std::string raw = "\x82t\x82.txt";  // CP437 for "été.txt"
    const std::string plain = test::make_zip({{raw, letter}});
    const auto unicode_path = [&](std::uint32_t crc) {
        const std::string body = std::string(1, '\x01') + le_bytes(crc, 4) + "rapport-été.txt";
        return le_bytes(0x7075, 2) + le_bytes(static_cast<std::uint32_t>(body.size()), 2) + body;
    };
    CHECK(summary(read_ok(plain)) == std::vector<std::string>{"été.txt none"});
    CHECK(summary(read_ok(with_extra(plain, unicode_path(crc32_of(raw)))))
        == std::vector<std::string>{"rapport-été.txt none"});
    // A stale field (the name was changed after it was written) is ignored.
    CHECK(summary(read_ok(with_extra(plain, unicode_path(crc32_of(raw) ^ 1))))
        == std::vector<std::string>{"été.txt none"});
}

TEST_CASE("AE-x fields that do not add up are unverifiable", "[archive][zip]")
{
    // A stored member with method 99 and an AE-x field, built on a plain zip: the encryption
    // flag and the sizes stay those of the plain member.
    const std::string plain = test::make_zip({{"brief.txt", letter, true}});
    const auto aes_field = [](std::uint16_t version, const char* vendor, std::uint8_t strength) {
        return le_bytes(0x9901, 2) + le_bytes(7, 2) + le_bytes(version, 2) + std::string(vendor, 2)
            + std::string(1, static_cast<char>(strength)) + le_bytes(0, 2);
    };
    const auto as_aes = [&](const std::string& field, bool encrypted_flag) {
        std::string zip = with_extra(plain, field);
        const std::size_t cd = cd_offset_of(zip);
        put_le(zip, 8, 99, 2);
        put_le(zip, cd + 10, 99, 2);
        if (encrypted_flag) {
            zip[6] = static_cast<char>(zip[6] | 1);
            zip[cd + 8] = static_cast<char>(zip[cd + 8] | 1);
        }
        return zip;
    };
    CHECK(read_error(as_aes(aes_field(2, "AE", 3), false))
        == "member 1: AE-x method 99, extra field and encryption flag do not agree");
    CHECK(read_error(as_aes(aes_field(3, "AE", 3), true)) == "member 1: unknown AE-x vendor or version");
    CHECK(read_error(as_aes(aes_field(2, "XY", 3), true)) == "member 1: unknown AE-x vendor or version");
    CHECK(read_error(as_aes(aes_field(2, "AE", 4), true)) == "member 1: unknown AE-x strength 4");
    // Well-formed: AES-256 as far as the headers go (the data is not AES, which only a password
    // proof could tell).
    const ArchiveReport report = read_ok(as_aes(aes_field(1, "AE", 3), true));
    CHECK(summary(report) == std::vector<std::string>{"brief.txt aes256"});
}

TEST_CASE("zip extraction returns the readable members and checks their CRC", "[archive][zip]")
{
    SECTION("stored and deflated members")
    {
        const std::string zip = test::make_zip({{"brief.txt", letter, true}, {"notes.txt", notes}});
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), {});
        REQUIRE(extracted.has_value());
        REQUIRE(extracted->size() == 2);
        CHECK((*extracted)[0].name == "brief.txt");
        CHECK((*extracted)[0].data == letter);
        CHECK((*extracted)[1].name == "notes.txt");
        CHECK((*extracted)[1].data == notes);
    }
    SECTION("encrypted members are skipped")
    {
        const std::string zip = test::add_to_zip(
            test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::zipcrypto),
            {{"notes.txt", notes}});
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), {});
        REQUIRE(extracted.has_value());
        REQUIRE(extracted->size() == 1);
        CHECK((*extracted)[0].name == "notes.txt");
        CHECK((*extracted)[0].data == notes);
    }
    SECTION("a changed byte in stored data is a CRC mismatch")
    {
        std::string zip = test::make_zip({{"brief.txt", letter, true}});
        zip[first_data_offset(zip) + 3] ^= 0x20;
        CHECK(read_zip(bytes_of(zip), {}).has_value());  // the directory is intact
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), {});
        REQUIRE_FALSE(extracted.has_value());
        CHECK(extracted.error() == "member 1: CRC-32 mismatch");
    }
}

TEST_CASE("zip bombs stop at the limits", "[archive][zip]")
{
    const std::string zeros(8u << 20, '\0');
    ArchiveLimits limits;
    limits.max_member_bytes = 1u << 20;
    SECTION("a member larger than max_member_bytes")
    {
        const std::string zip = test::make_zip({{"zeros.bin", zeros}});
        CHECK(zip.size() < 64 * 1024);
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), limits);
        REQUIRE_FALSE(extracted.has_value());
        CHECK(extracted.error() == "member 1 exceeds max_member_bytes (1048576 bytes)");
    }
    SECTION("members together larger than max_extract_bytes")
    {
        limits.max_extract_bytes = 1u << 20;
        const std::string part(700u << 10, 'x');
        const std::string zip = test::make_zip({{"a.bin", part}, {"b.bin", part}});
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), limits);
        REQUIRE_FALSE(extracted.has_value());
        CHECK(extracted.error() == "member 2 exceeds max_extract_bytes (1048576 bytes in total)");
    }
    SECTION("a member that lies about its size stops at the declared size")
    {
        std::string zip = test::make_zip({{"zeros.bin", zeros}});
        // Declare 1000 bytes in both the local header (4.3.7) and the central header (4.3.12).
        put_le(zip, 22, 1000, 4);
        put_le(zip, cd_offset_of(zip) + 24, 1000, 4);
        CHECK(read_ok(zip).members[0].unpacked_size == 1000);
        const ArchiveExtract extracted = extract_zip(bytes_of(zip), limits);
        REQUIRE_FALSE(extracted.has_value());
        CHECK(extracted.error() == "member 1: unpacked size is not the declared 1000 bytes");
    }
}

TEST_CASE("zip structure that could hide or disguise members is unverifiable", "[archive][zip]")
{
    const std::string plain = test::make_zip({{"brief.txt", letter}});
    SECTION("bytes appended after the archive")
    {
        CHECK(read_error(plain + "trailing").starts_with("no end of central directory record"));
    }
    SECTION("a second end record inside the comment")
    {
        std::string zip = plain;
        put_le(zip, eocd_of(zip) + 20, 22, 2);  // the comment is now a whole fake end record
        zip += plain.substr(eocd_of(plain));
        CHECK(read_error(zip).starts_with("ambiguous end of central directory"));
    }
    SECTION("a self-extractor stub (offsets adjusted by zip -A)")
    {
        const std::string sfx = test::make_self_extractor(std::string(300, 'S'), plain);
        CHECK(read_error(sfx)
            == "300 bytes before the first member (self-extractor stub or prepended data) cannot be checked");
    }
    SECTION("a plain archive prepended to an encrypted one")
    {
        const std::string encrypted
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::aes256);
        CHECK(read_error(plain + encrypted).starts_with("central directory ("));
    }
    SECTION("bytes between the members and the central directory")
    {
        const std::size_t cd = cd_offset_of(plain);
        std::string zip = plain.substr(0, cd) + std::string(10, 'H') + plain.substr(cd);
        put_le(zip, eocd_of(zip) + 16, static_cast<std::uint32_t>(cd + 10), 4);
        CHECK(read_error(zip)
            == "10 bytes at offset " + std::to_string(cd)
                + " before the central directory belong to no member");
    }
    SECTION("two central entries for one local header")
    {
        const std::size_t cd = cd_offset_of(plain);
        const std::string entry = plain.substr(cd, eocd_of(plain) - cd);
        std::string zip = plain.substr(0, eocd_of(plain)) + entry + plain.substr(eocd_of(plain));
        const std::size_t eocd = eocd_of(zip);
        put_le(zip, eocd + 8, 2, 2);
        put_le(zip, eocd + 10, 2, 2);
        put_le(zip, eocd + 12, static_cast<std::uint32_t>(2 * entry.size()), 4);
        CHECK(read_error(zip) == "members overlap (member 2)");
        put_le(zip, eocd + 8, 1, 2);
        put_le(zip, eocd + 10, 1, 2);
        CHECK(read_error(zip) == "central directory holds more than the 1 members its end record counts");
    }
    SECTION("local header with another compression method")
    {
        std::string zip = plain;
        put_le(zip, 8, 0, 2);
        CHECK(read_error(zip)
            == "central directory and local header disagree for member 1: compression method");
    }
    SECTION("local header without the encryption flag")
    {
        std::string zip
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::zipcrypto_7zz);
        zip[6] = static_cast<char>(zip[6] & ~1);
        CHECK(read_error(zip)
            == "central directory and local header disagree for member 1: general purpose flags");
    }
    SECTION("PKWARE strong encryption")
    {
        std::string zip
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::zipcrypto_7zz);
        zip[6] = static_cast<char>(zip[6] | 0x40);
        zip[cd_offset_of(zip) + 8] = static_cast<char>(zip[cd_offset_of(zip) + 8] | 0x40);
        CHECK(read_error(zip) == "member 1: PKWARE strong encryption cannot be verified");
    }
    SECTION("more members than max_members, a directory larger than max_header_bytes")
    {
        const std::string two = test::make_zip({{"a.txt", letter}, {"b.txt", notes}});
        ArchiveLimits limits;
        limits.max_members = 1;
        CHECK(read_error(two, limits) == "2 members exceed max_members (1)");
        limits = {};
        limits.max_header_bytes = 50;
        CHECK(read_error(two, limits).ends_with("exceeds max_header_bytes (50)"));
    }
}

TEST_CASE("zip password proof opens with the right password only", "[archive][zip]")
{
    const auto encryption = GENERATE(ZipEncryption::zipcrypto, ZipEncryption::zipcrypto_7zz,
        ZipEncryption::aes128, ZipEncryption::aes192, ZipEncryption::aes256);
    INFO("encryption " << static_cast<int>(encryption));
    const std::string zip = test::make_zip_with_password(
        {{"notes.txt", notes}, {"brief.txt", letter, true}}, password, encryption);
    const auto check = zip_password_check(bytes_of(zip), {});
    REQUIRE(check != nullptr);
    CHECK(check->unprovable_reason().empty());
    CHECK_FALSE(check->opens("pw1235"));
    CHECK_FALSE(check->opens(""));
    CHECK_FALSE(check->opens("PW1234"));
    CHECK(check->opens(password));
    CHECK(check->opens(password));  // cached
    // Many wrong candidates: some pass the ZipCrypto check byte (1 in 256); none is proved.
    const int wrong
        = encryption == ZipEncryption::zipcrypto || encryption == ZipEncryption::zipcrypto_7zz ? 2000 : 30;
    int opened = 0;
    for (int i = 0; i < wrong; ++i) {
        opened += check->opens("kandidaat-" + std::to_string(i)) ? 1 : 0;
    }
    CHECK(opened == 0);
}

TEST_CASE("zip password proof takes the password's bytes as given", "[archive][zip]")
{
    const std::string utf8_password = "wachtwoord-é€";
    const std::string latin1_password = "wachtwoord-\xe9";
    // Info-ZIP zip -P passes the argument's bytes through. 7zz refuses a non-ASCII zip password
    // (E_INVALIDARG), so no tool here makes such an AES archive; the AES proof hashes the same
    // candidate bytes (PBKDF2 over them, no conversion).
    const std::string zip
        = test::make_zip_with_password({{"brief.txt", letter}}, utf8_password, ZipEncryption::zipcrypto);
    const auto check = zip_password_check(bytes_of(zip), {});
    REQUIRE(check != nullptr);
    CHECK(check->opens(utf8_password));
    CHECK_FALSE(check->opens(latin1_password));
    CHECK_FALSE(check->opens("wachtwoord-"));
}

TEST_CASE("zip password proof needs the integrity check, not the verifier", "[archive][zip]")
{
    SECTION("AES: a changed authentication code fails although the verifier matches")
    {
        const std::string zip
            = test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::aes256);
        const std::size_t end = cd_offset_of(zip);
        std::string bad_code = zip;
        bad_code[end - 1] ^= 0x01;  // the last byte of the 10-byte authentication code
        std::string bad_data = zip;
        bad_data[first_data_offset(zip) + 16 + 2 + 1] ^= 0x01;  // encrypted data after salt + verifier
        for (const std::string* tampered : {&bad_code, &bad_data}) {
            const auto check = zip_password_check(bytes_of(*tampered), {});
            REQUIRE(check != nullptr);
            CHECK_FALSE(check->opens(password));
        }
    }
    SECTION("ZipCrypto: a changed data byte fails although the check byte matches")
    {
        std::string zip = test::make_zip_with_password(
            {{"brief.txt", letter, true}}, password, ZipEncryption::zipcrypto_7zz);
        zip[first_data_offset(zip) + 12 + 5] ^= 0x01;
        const auto check = zip_password_check(bytes_of(zip), {});
        REQUIRE(check != nullptr);
        CHECK_FALSE(check->opens(password));
    }
}

TEST_CASE("zip password proof says when it cannot prove anything", "[archive][zip]")
{
    SECTION("plain archive: no checker")
    {
        CHECK(zip_password_check(bytes_of(test::make_zip({{"brief.txt", letter}})), {}) == nullptr);
    }
    SECTION("an AES member larger than the proof cap")
    {
        const std::string big = random_bytes(static_cast<std::size_t>(zip_max_proof_bytes) + 1024, 7);
        const std::string zip
            = test::make_zip_with_password({{"scan.bin", big, true}}, password, ZipEncryption::aes256);
        const auto check = zip_password_check(bytes_of(zip), {});
        REQUIRE(check != nullptr);
        CHECK(check->unprovable_reason() == "not proved: member too large");
        CHECK_FALSE(check->opens(password));
    }
    SECTION("a ZipCrypto member too small for a 32-bit proof")
    {
        const std::string zip = test::make_zip_with_password(
            {{"pin.txt", "123", true}}, password, ZipEncryption::zipcrypto_7zz);
        const auto check = zip_password_check(bytes_of(zip), {});
        REQUIRE(check != nullptr);
        CHECK(check->unprovable_reason()
            == "not proved: ZipCrypto member too small (under 4 bytes) to prove a password");
        CHECK_FALSE(check->opens(password));
    }
    SECTION("the smallest provable member is used when another is not provable")
    {
        const std::string tiny
            = test::make_zip_with_password({{"pin.txt", "123", true}}, password, ZipEncryption::zipcrypto);
        const std::string zip = test::add_to_zip(tiny, {{"brief.txt", letter}}, password);
        const auto check = zip_password_check(bytes_of(zip), {});
        REQUIRE(check != nullptr);
        CHECK(check->unprovable_reason().empty());
        CHECK(check->opens(password));
    }
}

TEST_CASE("truncated or corrupted zips are unverifiable or read correctly, never a crash", "[archive][zip]")
{
    const std::vector<std::pair<std::string, std::string>> archives = {
        {"plain", test::make_zip({{"brief.txt", letter, true}, {"notes.txt", notes}})},
        {"zipcrypto",
            test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::zipcrypto)},
        {"zipcrypto-7zz",
            test::make_zip_with_password(
                {{"brief.txt", letter, true}}, password, ZipEncryption::zipcrypto_7zz)},
        {"aes256", test::make_zip_with_password({{"brief.txt", letter}}, password, ZipEncryption::aes256)},
        {"zip64", test::make_zip64({{"brief.txt", letter}, {"notes.txt", notes, true}})},
        {"mixed",
            test::add_to_zip(test::make_zip_with_password({{"dossier/", ""}, {"dossier/a.txt", letter}},
                                 password, ZipEncryption::zipcrypto),
                {{"b.txt", letter}})},
    };
    ArchiveLimits limits;
    limits.max_member_bytes = 1u << 20;
    limits.max_extract_bytes = 2u << 20;
    for (const auto& [label, zip] : archives) {
        INFO(label);
        const ArchiveReport original = read_ok(zip);
        // Every truncation loses the end record at the exact end of the data.
        for (std::size_t size = 0; size < zip.size(); ++size) {
            const std::string cut = zip.substr(0, size);
            INFO("truncated to " << size);
            CHECK_FALSE(read_zip(bytes_of(cut), limits).has_value());
            CHECK_FALSE(extract_zip(bytes_of(cut), limits).has_value());
            CHECK(zip_password_check(bytes_of(cut), limits) == nullptr);
        }
        // A flipped byte either makes the archive unverifiable or leaves its encryption facts as
        // they were: no single byte turns an encrypted member into a plain one unnoticed.
        for (std::size_t pos = 0; pos < zip.size(); ++pos) {
            std::string flipped = zip;
            flipped[pos] = static_cast<char>(flipped[pos] ^ 0xFF);
            INFO("flipped at " << pos);
            const ArchiveRead read = read_zip(bytes_of(flipped), limits);
            if (read) {
                CHECK(read->facts.coverage == original.facts.coverage);
                CHECK(read->facts.weakest_cipher == original.facts.weakest_cipher);
                CHECK(read->facts.member_count == original.facts.member_count);
                for (std::size_t i = 0; i < read->members.size(); ++i) {
                    CHECK(read->members[i].cipher == original.members[i].cipher);
                }
            }
            (void)extract_zip(bytes_of(flipped), limits);
            if (const auto check = zip_password_check(bytes_of(flipped), limits)) {
                (void)check->opens(password);
            }
        }
        // Several random flips at once: only "no crash" is claimed.
        std::uint32_t x = 12345;
        for (int round = 0; round < 300; ++round) {
            std::string mangled = zip;
            for (int k = 0; k < 4; ++k) {
                x = x * 1103515245u + 12345u;
                mangled[(x >> 8) % mangled.size()] = static_cast<char>(x >> 24);
            }
            (void)read_zip(bytes_of(mangled), limits);
            (void)extract_zip(bytes_of(mangled), limits);
            if (const auto check = zip_password_check(bytes_of(mangled), limits)) {
                (void)check->opens(password);
            }
        }
    }
}

TEST_CASE("time per AES candidate (PBKDF2-HMAC-SHA1, 1000 iterations)", "[.][bench]")
{
    for (const auto& [encryption, label] : {std::pair{ZipEncryption::aes128, "AES-128"},
             std::pair{ZipEncryption::aes192, "AES-192"}, std::pair{ZipEncryption::aes256, "AES-256"}}) {
        const std::string zip = test::make_zip_with_password({{"brief.txt", letter}}, password, encryption);
        const auto check = zip_password_check(bytes_of(zip), {});
        REQUIRE(check != nullptr);
        constexpr int candidates = 500;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < candidates; ++i) {
            (void)check->opens("kandidaat-" + std::to_string(i));
        }
        const auto elapsed = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start);
        WARN(label << " zip: " << elapsed.count() / candidates << " us per candidate");
    }
}
