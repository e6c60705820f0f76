// 7z reader, extraction and password proof on archives made at test time by the real 7zz; crafted
// variants are real archives with one byte patched and their CRCs recomputed here.
#include "archive/seven_zip_reader.hpp"
#include "core/byte_reader.hpp"
#include "support/archive_tool.hpp"

#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

using pm::ArchiveFormat;
using pm::Cipher;
using pm::Coverage;
using pm::archive::ArchiveLimits;
using pm::archive::ArchiveRead;
using pm::archive::ArchiveReport;
using pm::archive::extract_seven_zip;
using pm::archive::read_seven_zip;
using pm::archive::seven_zip_password_check;
using pm::test::ArchiveMember;
using pm::test::SevenZipOptions;

namespace {

const std::vector<ArchiveMember> two_files = {
    { "verwijzing.txt", "Verwijzing gezin Janssens, dossier 2024-117\n" },
    { "notitie.txt", "tweede bestand\n" },
};

ArchiveRead read(const std::string& bytes, const ArchiveLimits& limits = {})
{
    return read_seven_zip(pm::as_byte_span(bytes), limits);
}

std::vector<std::string> names(const ArchiveReport& report)
{
    std::vector<std::string> out;
    for (const auto& member : report.members) {
        out.push_back(member.name);
    }
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::ranges::sort(v);
    return v;
}

/// The extracted member called `name` (7-Zip orders members by type and name, not as given).
const pm::archive::ExtractedMember& extracted_member(
    const std::vector<pm::archive::ExtractedMember>& members, const std::string& name)
{
    const auto it = std::ranges::find(members, name, &pm::archive::ExtractedMember::name);
    REQUIRE(it != members.end());
    return *it;
}

const pm::archive::MemberInfo& member(const ArchiveReport& report, const std::string& name)
{
    const auto it = std::ranges::find(report.members, name, &pm::archive::MemberInfo::name);
    REQUIRE(it != report.members.end());
    return *it;
}

bool opens(const std::string& bytes, const std::string& password, const ArchiveLimits& limits = {})
{
    const auto check = seven_zip_password_check(pm::as_byte_span(bytes), limits);
    return check && check->opens(password);
}

/// A deterministic text of `size` bytes that compresses, but not to nothing.
std::string sample_text(std::size_t size, std::uint32_t seed)
{
    static const std::array<std::string_view, 8> words
        = { "dossier ", "gezin ", "Janssens ", "verwijzing ", "school ", "hulpverlening ", "2024 ", "\n" };
    std::string out;
    std::uint32_t state = seed;
    while (out.size() < size) {
        state = state * 1664525u + 1013904223u;
        out += words[(state >> 24) % words.size()];
        out += static_cast<char>('a' + (state >> 16) % 26);
    }
    out.resize(size);
    return out;
}

// --- crafting helpers: an independent CRC-32 and the signature header fields ---

std::uint32_t test_crc32(std::string_view data)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

std::uint64_t le64(const std::string& bytes, std::size_t at)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) {
        v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    }
    return v;
}

void put_le(std::string& bytes, std::size_t at, std::uint64_t value, int size)
{
    for (int i = 0; i < size; ++i) {
        bytes[at + static_cast<std::size_t>(i)] = static_cast<char>(value >> (8 * i));
    }
}

/// Where the (next) header starts: 32 + NextHeaderOffset (7zFormat.txt "SignatureHeader").
std::size_t header_start(const std::string& bytes)
{
    return 32 + static_cast<std::size_t>(le64(bytes, 12));
}

/// A 7z NUMBER (7zFormat.txt "UINT64") at `at`, advancing it.
std::uint64_t test_number(const std::string& bytes, std::size_t& at)
{
    const auto first = static_cast<unsigned char>(bytes.at(at++));
    std::uint64_t value = 0;
    int extra = 0;
    while (extra < 8 && (first & (0x80 >> extra)) != 0) {
        value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes.at(at++))) << (8 * extra);
        ++extra;
    }
    if (extra < 8) {
        value |= static_cast<std::uint64_t>(first & ((0x80 >> extra) - 1)) << (8 * extra);
    }
    return value;
}

/// Offset and size of the packed header stream of an encoded header: kEncodedHeader, kPackInfo,
/// PackPos, NumPackStreams (1), kSize, the size.
std::pair<std::size_t, std::size_t> header_pack(const std::string& bytes)
{
    std::size_t at = header_start(bytes);
    REQUIRE(bytes.substr(at, 2) == "\x17\x06");
    at += 2;
    const std::uint64_t pack_pos = test_number(bytes, at);
    REQUIRE(test_number(bytes, at) == 1);
    REQUIRE(bytes.at(at++) == '\x09');
    const std::uint64_t size = test_number(bytes, at);
    return { 32 + static_cast<std::size_t>(pack_pos), static_cast<std::size_t>(size) };
}

/// Recomputes NextHeaderCRC and StartHeaderCRC after a patch, as 7-Zip would have written them.
void fix_crcs(std::string& bytes)
{
    const std::size_t start = header_start(bytes);
    const std::size_t size = static_cast<std::size_t>(le64(bytes, 20));
    put_le(bytes, 28, test_crc32(std::string_view(bytes).substr(start, size)), 4);
    put_le(bytes, 8, test_crc32(std::string_view(bytes).substr(12, 20)), 4);
}

/// The offset of the first 7zAES property byte in the (plain) header bytes.
std::size_t aes_properties_at(const std::string& bytes)
{
    const std::size_t id = bytes.find("\x06\xF1\x07\x01", header_start(bytes));
    REQUIRE(id != std::string::npos);
    return id + 5; // id, then the properties size (one byte for 7zAES)
}

/// Patches NumCyclesPower of the first 7zAES coder in the header and fixes the CRCs.
std::string with_cycles_power(std::string bytes, unsigned power)
{
    const std::size_t at = aes_properties_at(bytes);
    bytes[at] = static_cast<char>((static_cast<unsigned char>(bytes[at]) & 0xC0) | power);
    fix_crcs(bytes);
    return bytes;
}

// --- an independent 7zAES key derivation for crafting (one EVP update per field and round) ---

using Key = std::array<unsigned char, 32>;

std::string utf16le(std::string_view ascii)
{
    std::string out;
    for (const char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

Key test_key(const std::string& password_utf16, unsigned power)
{
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    REQUIRE(EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) == 1);
    for (std::uint64_t round = 0; round < (std::uint64_t { 1 } << power); ++round) {
        std::array<unsigned char, 8> counter {};
        for (int i = 0; i < 8; ++i) {
            counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(round >> (8 * i));
        }
        EVP_DigestUpdate(md.get(), password_utf16.data(), password_utf16.size());
        EVP_DigestUpdate(md.get(), counter.data(), counter.size());
    }
    Key key {};
    unsigned int length = 0;
    REQUIRE(EVP_DigestFinal_ex(md.get(), key.data(), &length) == 1);
    return key;
}

std::string aes_cbc(bool encrypt, const Key& key, const unsigned char* iv, const std::string& in)
{
    const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    REQUIRE(EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv, encrypt ? 1 : 0) == 1);
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    std::string out(in.size(), '\0');
    int written = 0;
    REQUIRE(EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()))
        == 1);
    REQUIRE(static_cast<std::size_t>(written) == in.size());
    return out;
}

} // namespace

TEST_CASE("7z without header encryption reports visible file names", "[archive][7z]")
{
    const std::string bytes = pm::test::make_7z_with(two_files, { .password = "pw1234" });
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.format == ArchiveFormat::seven_zip);
    CHECK(report->facts.coverage == Coverage::all);
    CHECK(report->facts.weakest_cipher == Cipher::aes256);
    CHECK_FALSE(report->facts.names_encrypted);
    CHECK(report->facts.kdf_cycles_power == 19);
    CHECK(report->facts.member_count == 2);
    CHECK(sorted(names(*report)) == std::vector<std::string> { "notitie.txt", "verwijzing.txt" });
    for (const auto& m : report->members) {
        CHECK(m.encrypted);
        CHECK(m.cipher == Cipher::aes256);
        CHECK(m.has_data);
        CHECK_FALSE(m.directory);
    }
    CHECK(member(*report, "verwijzing.txt").unpacked_size == two_files[0].bytes.size());
    CHECK(member(*report, "notitie.txt").unpacked_size == two_files[1].bytes.size());
    // Nothing is readable without the password.
    const auto extracted = extract_seven_zip(pm::as_byte_span(bytes), {});
    REQUIRE(extracted);
    CHECK(extracted->empty());
}

TEST_CASE("7z with header encryption hides the member names and reports AES-256 at 2^19", "[archive][7z]")
{
    const std::string bytes
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true });
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::all);
    CHECK(report->facts.weakest_cipher == Cipher::aes256);
    CHECK(report->facts.names_encrypted);
    CHECK(report->facts.kdf_cycles_power == 19);
    CHECK(report->facts.member_count == 0);
    CHECK(report->members.empty());
    CHECK(bytes.find("verwijzing") == std::string::npos);
}

TEST_CASE("7z with many members and header encryption (AES then LZMA header folder)", "[archive][7z]")
{
    std::vector<ArchiveMember> members;
    for (int i = 0; i < 80; ++i) {
        members.push_back({ "bestand_" + std::to_string(i) + ".txt", sample_text(50 + i, i) });
    }
    const std::string bytes
        = pm::test::make_7z_with(members, { .password = "pw1234", .encrypt_names = true });
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.names_encrypted);
    CHECK(report->facts.coverage == Coverage::all);
    CHECK(report->facts.kdf_cycles_power == 19);
    CHECK(opens(bytes, "pw1234"));
    CHECK_FALSE(opens(bytes, "pw1235"));

    const std::string visible = pm::test::make_7z_with(members, { .password = "pw1234" });
    const auto listed = read(visible);
    REQUIRE(listed);
    CHECK(listed->facts.member_count == 80);
    CHECK(member(*listed, "bestand_79.txt").unpacked_size == 129);
    CHECK(member(*listed, "bestand_0.txt").unpacked_size == 50);
}

TEST_CASE("7z without a password reports no encryption and extracts its members", "[archive][7z]")
{
    const std::string bytes = pm::test::make_7z_with(two_files, {});
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::none);
    CHECK(report->facts.weakest_cipher == Cipher::none);
    CHECK_FALSE(report->facts.names_encrypted);
    CHECK_FALSE(report->facts.kdf_cycles_power);
    CHECK(sorted(names(*report)) == std::vector<std::string> { "notitie.txt", "verwijzing.txt" });
    CHECK_FALSE(report->members[0].encrypted);
    CHECK(report->members[0].cipher == Cipher::none);

    const auto extracted = extract_seven_zip(pm::as_byte_span(bytes), {});
    REQUIRE(extracted);
    REQUIRE(extracted->size() == 2);
    CHECK(extracted_member(*extracted, "verwijzing.txt").data == two_files[0].bytes);
    CHECK(extracted_member(*extracted, "notitie.txt").data == two_files[1].bytes);
    CHECK_FALSE(seven_zip_password_check(pm::as_byte_span(bytes), {}));
}

TEST_CASE("7z copy, LZMA and LZMA2 folders are read, extracted and proved", "[archive][7z]")
{
    const std::string method = GENERATE(as<std::string> {}, "copy", "lzma", "lzma2");
    const bool compress_header = GENERATE(true, false);
    CAPTURE(method, compress_header);
    const std::vector<ArchiveMember> members = {
        { "groot.txt", sample_text(300000, 1) },
        { "klein.txt", sample_text(1000, 2) },
        { "derde.txt", "drie\n" },
    };
    const std::string plain
        = pm::test::make_7z_with(members, { .method = method, .compress_header = compress_header });
    const auto report = read(plain);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::none);
    CHECK(sorted(names(*report)) == std::vector<std::string> { "derde.txt", "groot.txt", "klein.txt" });
    const auto extracted = extract_seven_zip(pm::as_byte_span(plain), {});
    REQUIRE(extracted);
    REQUIRE(extracted->size() == 3);
    for (const ArchiveMember& m : members) {
        CHECK(extracted_member(*extracted, m.name).data == m.bytes);
    }

    const std::string encrypted = pm::test::make_7z_with(
        members, { .password = "pw1234", .method = method, .compress_header = compress_header });
    const auto secret = read(encrypted);
    REQUIRE(secret);
    CHECK(secret->facts.coverage == Coverage::all);
    CHECK(secret->facts.weakest_cipher == Cipher::aes256);
    CHECK(secret->facts.kdf_cycles_power == 19);
    CHECK_FALSE(secret->facts.names_encrypted);
    const auto check = seven_zip_password_check(pm::as_byte_span(encrypted), {});
    REQUIRE(check);
    CHECK(check->unprovable_reason().empty());
    CHECK(check->opens("pw1234"));
    CHECK_FALSE(check->opens("pw12345"));
}

TEST_CASE("7z with a plain file added to an encrypted archive is partially encrypted", "[archive][7z]")
{
    const std::string encrypted = pm::test::make_7z_with(two_files, { .password = "pw1234" });
    const std::string bytes
        = pm::test::add_to_7z(encrypted, { { "later.txt", "toegevoegd zonder wachtwoord\n" } });
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::partial);
    CHECK(report->facts.weakest_cipher == Cipher::aes256);
    CHECK(report->facts.kdf_cycles_power == 19);
    CHECK_FALSE(report->facts.names_encrypted);
    CHECK(report->facts.member_count == 3);
    CHECK_FALSE(member(*report, "later.txt").encrypted);
    CHECK(member(*report, "later.txt").cipher == Cipher::none);
    CHECK(member(*report, "verwijzing.txt").encrypted);
    CHECK(member(*report, "notitie.txt").encrypted);

    // The readable member is extracted, the encrypted ones are skipped.
    const auto extracted = extract_seven_zip(pm::as_byte_span(bytes), {});
    REQUIRE(extracted);
    REQUIRE(extracted->size() == 1);
    CHECK((*extracted)[0].name == "later.txt");
    CHECK((*extracted)[0].data == "toegevoegd zonder wachtwoord\n");
    CHECK(opens(bytes, "pw1234"));
    CHECK_FALSE(opens(bytes, "wachtwoord"));

    // The other way round: an encrypted file added to a plain archive.
    const std::string plain = pm::test::make_7z_with(two_files, {});
    const std::string mixed
        = pm::test::add_to_7z(plain, { { "geheim.txt", "geheim\n" } }, { .password = "pw1234" });
    const auto mixed_report = read(mixed);
    REQUIRE(mixed_report);
    CHECK(mixed_report->facts.coverage == Coverage::partial);
    CHECK(member(*mixed_report, "geheim.txt").encrypted);
    CHECK_FALSE(member(*mixed_report, "notitie.txt").encrypted);
}

TEST_CASE("an empty 7z archive has no members and nothing encrypted", "[archive][7z]")
{
    const std::string bytes = pm::test::make_7z_with({}, {});
    REQUIRE(bytes.size() == 32);
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::none);
    CHECK(report->facts.weakest_cipher == Cipher::none);
    CHECK(report->facts.member_count == 0);
    CHECK_FALSE(report->facts.kdf_cycles_power);
    const auto extracted = extract_seven_zip(pm::as_byte_span(bytes), {});
    REQUIRE(extracted);
    CHECK(extracted->empty());
    CHECK_FALSE(seven_zip_password_check(pm::as_byte_span(bytes), {}));
}

TEST_CASE("7z members without data (kEmptyStream) do not count as unencrypted", "[archive][7z]")
{
    const std::vector<ArchiveMember> members = {
        { "leeg.txt", "" },
        { "map/", "" },
        { "inhoud.txt", "inhoud\n" },
    };
    const std::string bytes = pm::test::make_7z_with(members, { .password = "pw1234" });
    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::all);
    CHECK(report->facts.member_count == 3);
    const auto& empty = member(*report, "leeg.txt");
    CHECK_FALSE(empty.has_data);
    CHECK_FALSE(empty.directory);
    CHECK_FALSE(empty.encrypted);
    CHECK(empty.unpacked_size == 0);
    const auto& dir = member(*report, "map");
    CHECK(dir.directory);
    CHECK_FALSE(dir.has_data);
    CHECK(member(*report, "inhoud.txt").encrypted);

    // Only empty members: there is nothing to encrypt, whatever the switches said.
    const std::string only_empty = pm::test::make_7z_with({ { "leeg.txt", "" } }, { .password = "pw1234" });
    const auto nothing = read(only_empty);
    REQUIRE(nothing);
    CHECK(nothing->facts.coverage == Coverage::none);
    CHECK(nothing->facts.weakest_cipher == Cipher::none);
    CHECK(names(*nothing) == std::vector<std::string> { "leeg.txt" });
    const auto extracted = extract_seven_zip(pm::as_byte_span(only_empty), {});
    REQUIRE(extracted);
    REQUIRE(extracted->size() == 1);
    CHECK((*extracted)[0].data.empty());

    // With header encryption the (empty) member list itself is encrypted.
    const std::string hidden
        = pm::test::make_7z_with({ { "leeg.txt", "" } }, { .password = "pw1234", .encrypt_names = true });
    const auto hidden_report = read(hidden);
    REQUIRE(hidden_report);
    CHECK(hidden_report->facts.names_encrypted);
    CHECK(hidden_report->facts.coverage == Coverage::all);
    CHECK(hidden_report->facts.kdf_cycles_power == 19);
    CHECK(opens(hidden, "pw1234"));
}

TEST_CASE("7z member names are decoded from UTF-16LE to UTF-8", "[archive][7z]")
{
    const std::vector<ArchiveMember> members = {
        { "Überweisung €.txt", "een\n" }, { "日本語.txt", "twee\n" },
        { "emoji 😀.txt", "drie\n" }, // outside the BMP: a surrogate pair in the archive
    };
    for (const bool password : { false, true }) {
        const std::string bytes = pm::test::make_7z_with(members, { .password = password ? "pw1234" : "" });
        const auto report = read(bytes);
        REQUIRE(report);
        const auto listed = names(*report);
        CHECK(std::set<std::string>(listed.begin(), listed.end())
            == std::set<std::string> { "Überweisung €.txt", "日本語.txt", "emoji 😀.txt" });
    }
    const auto extracted = extract_seven_zip(pm::as_byte_span(pm::test::make_7z_with(members, {})), {});
    REQUIRE(extracted);
    REQUIRE(extracted->size() == 3);
    CHECK(std::ranges::any_of(
        *extracted, [](const auto& m) { return m.name == "emoji 😀.txt" && m.data == "drie\n"; }));
}

TEST_CASE("the right password opens a 7z archive and a wrong one does not", "[archive][7z]")
{
    const bool encrypt_names = GENERATE(true, false);
    CAPTURE(encrypt_names);
    const std::string bytes
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = encrypt_names });
    const auto check = seven_zip_password_check(pm::as_byte_span(bytes), {});
    REQUIRE(check);
    CHECK(check->unprovable_reason().empty());
    CHECK(check->opens("pw1234"));
    CHECK_FALSE(check->opens("pw12345"));
    CHECK_FALSE(check->opens("PW1234"));
    CHECK_FALSE(check->opens(""));
    CHECK_FALSE(check->opens("\xff\xfe")); // ill-formed UTF-8: nobody can type it
    // Cached answers are the same answers.
    CHECK(check->opens("pw1234"));
    CHECK_FALSE(check->opens("pw12345"));
}

TEST_CASE("a non-ASCII password opens a 7z archive (UTF-16LE key derivation)", "[archive][7z]")
{
    const std::string password = "wachtwoord-é€😀";
    const bool encrypt_names = GENERATE(true, false);
    CAPTURE(encrypt_names);
    const std::string bytes
        = pm::test::make_7z_with(two_files, { .password = password, .encrypt_names = encrypt_names });
    const auto check = seven_zip_password_check(pm::as_byte_span(bytes), {});
    REQUIRE(check);
    CHECK(check->opens(password));
    CHECK_FALSE(check->opens("wachtwoord-e€😀"));
    CHECK_FALSE(check->opens("wachtwoord-é€"));
}

TEST_CASE(
    "7z NumCyclesPower 18 is reported as it stands (crafted: patched byte, CRCs fixed)", "[archive][7z]")
{
    // 7zz always writes 19. A plain kHeader (-mhc=off) shows the 7zAES properties as bytes; the
    // patched archive is what a tool writing 2^18 rounds would make, down to the CRCs.
    const std::string original
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .compress_header = false });
    REQUIRE(static_cast<unsigned char>(original[aes_properties_at(original)]) == (0x40 | 19));
    const std::string weak = with_cycles_power(original, 18);
    const auto report = read(weak);
    REQUIRE(report);
    CHECK(report->facts.kdf_cycles_power == 18);
    CHECK(report->facts.coverage == Coverage::all);
    CHECK(sorted(names(*report)) == std::vector<std::string> { "notitie.txt", "verwijzing.txt" });
    // The data was encrypted with the 2^19 key: the password no longer proves anything.
    CHECK_FALSE(opens(weak, "pw1234"));

    // With header encryption the properties sit in the plain kEncodedHeader information.
    const std::string hidden
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true });
    const auto hidden_report = read(with_cycles_power(hidden, 18));
    REQUIRE(hidden_report);
    CHECK(hidden_report->facts.names_encrypted);
    CHECK(hidden_report->facts.kdf_cycles_power == 18);
}

TEST_CASE("7z NumCyclesPower 0x3F means no key stretching: reported as 0, still proved", "[archive][7z]")
{
    // Crafted: the -mhe=on header folder (7zAES alone for a small header) is decrypted with the
    // 2^19 key, re-encrypted with 7-Zip's 0x3F key (salt || password, zero padded) and the
    // property byte patched, CRCs fixed.
    std::string bytes = pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true });
    const std::size_t props = aes_properties_at(bytes);
    REQUIRE(static_cast<unsigned char>(bytes[props]) == 0x53); // IV only, 2^19
    REQUIRE(static_cast<unsigned char>(bytes[props + 1]) == 0x0F); // 16-byte IV
    const auto* iv = reinterpret_cast<const unsigned char*>(bytes.data() + props + 2);
    const auto [pack_at, pack_size] = header_pack(bytes);
    const std::string cipher = bytes.substr(pack_at, pack_size);
    const std::string plain = aes_cbc(false, test_key(utf16le("pw1234"), 19), iv, cipher);
    // kHeader (7zAES alone) or LZMA's leading zero (7zAES then LZMA): the independent key
    // derivation agrees with 7zz (and the proof below fails if it did not).
    REQUIRE((plain[0] == '\x01' || plain[0] == '\x00'));

    Key no_stretching {};
    const std::string pw = utf16le("pw1234");
    std::copy(pw.begin(), pw.end(), no_stretching.begin());
    bytes.replace(pack_at, pack_size, aes_cbc(true, no_stretching, iv, plain));
    bytes[props] = static_cast<char>(0x40 | 0x3F);
    fix_crcs(bytes);

    const auto report = read(bytes);
    REQUIRE(report);
    CHECK(report->facts.kdf_cycles_power == 0);
    CHECK(report->facts.names_encrypted);
    CHECK(opens(bytes, "pw1234"));
    CHECK_FALSE(opens(bytes, "pw1235"));
}

TEST_CASE("7z NumCyclesPower above the limit is unverifiable and never tried", "[archive][7z]")
{
    const std::string original
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .compress_header = false });
    const std::string heavy = with_cycles_power(original, 40);
    const auto report = read(heavy);
    REQUIRE_FALSE(report);
    CHECK(report.error() == "7zAES NumCyclesPower 40 is above the supported 24");
    const auto check = seven_zip_password_check(pm::as_byte_span(heavy), {});
    REQUIRE(check);
    CHECK(check->unprovable_reason() == "not proved: 7zAES NumCyclesPower 40 is above the supported 24");
    CHECK_FALSE(check->opens("pw1234"));

    ArchiveLimits strict;
    strict.max_kdf_cycles_power = 18;
    const auto refused = read(original, strict);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "7zAES NumCyclesPower 19 is above the supported 18");
}

TEST_CASE("an unsupported coder in a 7z header folder is unverifiable", "[archive][7z]")
{
    // Crafted: the LZMA header folder's method id 03 01 01 patched to Deflate (04 01 08).
    std::string bytes = pm::test::make_7z_with(two_files, {});
    const std::size_t id = bytes.find("\x23\x03\x01\x01", header_start(bytes));
    REQUIRE(id != std::string::npos);
    bytes.replace(id + 1, 3, "\x04\x01\x08");
    fix_crcs(bytes);
    const auto report = read(bytes);
    REQUIRE_FALSE(report);
    CHECK(report.error() == "unsupported coder 40108 in header");
}

TEST_CASE("7z folders with a BCJ filter are read but neither extracted nor proved", "[archive][7z]")
{
    const std::string plain = pm::test::make_7z_with(two_files, { .filter = "BCJ" });
    const auto report = read(plain);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::none);
    const auto extracted = extract_seven_zip(pm::as_byte_span(plain), {});
    REQUIRE_FALSE(extracted);
    CHECK(extracted.error() == "unsupported coder 3030103");

    const std::string encrypted
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .filter = "BCJ2" });
    const auto secret = read(encrypted);
    REQUIRE(secret);
    CHECK(secret->facts.coverage == Coverage::all); // all four BCJ2 streams go through 7zAES
    CHECK(secret->facts.kdf_cycles_power == 19);
    const auto check = seven_zip_password_check(pm::as_byte_span(encrypted), {});
    REQUIRE(check);
    CHECK(
        check->unprovable_reason() == "not proved: 7zAES folder with a coder chain the proof cannot decode");
    CHECK_FALSE(check->opens("pw1234"));
}

TEST_CASE("7z limits: header size, member count and extraction sizes", "[archive][7z]")
{
    const std::string bytes = pm::test::make_7z_with(two_files, {});
    ArchiveLimits limits;
    limits.max_header_bytes = 16;
    auto report = read(bytes, limits);
    REQUIRE_FALSE(report);
    CHECK(report.error().find("exceeds the limit of 16") != std::string::npos);

    limits = {};
    limits.max_members = 1;
    report = read(bytes, limits);
    REQUIRE_FALSE(report);
    CHECK(report.error().starts_with("too many"));

    limits = {};
    limits.max_member_bytes = 20;
    auto extracted = extract_seven_zip(pm::as_byte_span(bytes), limits);
    REQUIRE_FALSE(extracted);
    CHECK(extracted.error() == "member of 44 bytes exceeds max_member_bytes (20)");

    limits = {};
    limits.max_extract_bytes = 50;
    extracted = extract_seven_zip(pm::as_byte_span(bytes), limits);
    REQUIRE_FALSE(extracted);
    CHECK(extracted.error() == "archive unpacks to more than max_extract_bytes (50)");
}

TEST_CASE("bytes a 7z archive does not account for make it unverifiable", "[archive][7z]")
{
    const std::string bytes
        = pm::test::make_7z_with(two_files, { .method = "copy", .compress_header = false });
    auto report = read(bytes + "x");
    REQUIRE_FALSE(report);
    CHECK(report.error() == "1 bytes after the end of the header");

    // Crafted: readable bytes slipped in between the packed streams and the header, the header
    // offset moved past them and the start header CRC fixed.
    std::string padded = bytes;
    const std::size_t start = header_start(bytes);
    padded.insert(start, "PLAINTEXT");
    put_le(padded, 12, le64(bytes, 12) + 9, 8);
    fix_crcs(padded);
    report = read(padded);
    REQUIRE_FALSE(report);
    CHECK(report.error() == "9 bytes of packed data belong to no stream");

    report = read("PK\x03\x04 not a 7z archive at all, but long enough");
    REQUIRE_FALSE(report);
    CHECK(report.error() == "not a 7z archive (bad signature)");
}

TEST_CASE("truncated 7z archives are unverifiable at every length", "[archive][7z]")
{
    const std::vector<std::string> archives = {
        pm::test::make_7z_with(two_files, {}),
        pm::test::make_7z_with(two_files, { .password = "pw1234" }),
        pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true }),
        pm::test::add_to_7z(
            pm::test::make_7z_with(two_files, { .password = "pw1234" }), { { "later.txt", "plain\n" } }),
        pm::test::make_7z_with({ { "leeg.txt", "" }, { "map/", "" } }, {}),
    };
    for (const std::string& bytes : archives) {
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            CAPTURE(bytes.size(), cut);
            const std::string truncated = bytes.substr(0, cut);
            const auto report = read(truncated);
            CHECK_FALSE(report);
            CHECK_FALSE(extract_seven_zip(pm::as_byte_span(truncated), {}));
            CHECK_FALSE(seven_zip_password_check(pm::as_byte_span(truncated), {}));
        }
    }
}

TEST_CASE("a flipped byte in a 7z header is caught by its CRCs", "[archive][7z]")
{
    const std::vector<std::string> archives = {
        pm::test::make_7z_with(two_files, {}),
        pm::test::make_7z_with(two_files, { .compress_header = false }),
        pm::test::make_7z_with(two_files, { .password = "pw1234" }),
        pm::test::make_7z_with(two_files, { .password = "pw1234", .compress_header = false }),
        pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true }),
        pm::test::add_to_7z(
            pm::test::make_7z_with(two_files, { .password = "pw1234" }), { { "later.txt", "plain\n" } }),
    };
    for (const std::string& bytes : archives) {
        const auto original = read(bytes);
        REQUIRE(original);
        const auto original_members = extract_seven_zip(pm::as_byte_span(bytes), {});
        REQUIRE(original_members);
        const std::size_t header = header_start(bytes);
        for (std::size_t at = 0; at < bytes.size(); ++at) {
            for (const unsigned char mask : { 0x01, 0x80, 0xFF }) {
                CAPTURE(bytes.size(), header, at, mask);
                std::string flipped = bytes;
                flipped[at] = static_cast<char>(flipped[at] ^ static_cast<char>(mask));
                const auto report = read(flipped);
                // Signature, version, start header and header bytes are all covered by a CRC
                // (the minor version is not, but only 0-4 are accepted).
                const bool covered = at < 32 || at >= header;
                if (covered && !(at == 7 && (0x04 ^ mask) <= 4)) {
                    CHECK_FALSE(report);
                }
                if (report) {
                    // Packed data was changed: the header facts cannot have changed.
                    CHECK(report->facts.coverage == original->facts.coverage);
                    CHECK(report->facts.weakest_cipher == original->facts.weakest_cipher);
                    CHECK(report->facts.names_encrypted == original->facts.names_encrypted);
                    CHECK(report->facts.kdf_cycles_power == original->facts.kdf_cycles_power);
                    CHECK(names(*report) == names(*original));
                }
                // Extraction checks the data CRCs: the same members or an error, never other bytes.
                const auto extracted = extract_seven_zip(pm::as_byte_span(flipped), {});
                if (extracted) {
                    REQUIRE(extracted->size() == original_members->size());
                    for (std::size_t i = 0; i < extracted->size(); ++i) {
                        CHECK((*extracted)[i].data == (*original_members)[i].data);
                    }
                }
            }
        }
    }
}

TEST_CASE("a flipped byte in an encrypted 7z stream defeats the password proof", "[archive][7z]")
{
    const std::string bytes
        = pm::test::make_7z_with(two_files, { .password = "pw1234", .encrypt_names = true });
    REQUIRE(opens(bytes, "pw1234"));
    const auto [pack_at, pack_size] = header_pack(bytes);
    for (std::size_t at = pack_at; at < pack_at + pack_size; ++at) {
        CAPTURE(at);
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
        CHECK_FALSE(opens(flipped, "pw1234"));
    }
}

TEST_CASE("a 7z password is not proved by a CRC over too few bytes", "[archive][7z]")
{
    // A 2-byte member: its CRC-32 is 16 bits of evidence, which a wrong key hits 1 time in 65536.
    const std::string tiny = pm::test::make_7z_with({ { "kort.txt", "ja" } }, { .password = "pw1234" });
    const auto report = read(tiny);
    REQUIRE(report);
    CHECK(report->facts.coverage == Coverage::all);
    const auto check = seven_zip_password_check(pm::as_byte_span(tiny), {});
    REQUIRE(check);
    CHECK(check->unprovable_reason() == "not proved: too little encrypted data to check");
    CHECK_FALSE(check->opens("pw1234"));
    // With the names encrypted the header is there to check instead.
    CHECK(opens(
        pm::test::make_7z_with({ { "kort.txt", "ja" } }, { .password = "pw1234", .encrypt_names = true }),
        "pw1234"));
    // Two tiny members add up: 2 x 16 bits.
    CHECK(opens(pm::test::make_7z_with({ { "a.txt", "ja" }, { "b.txt", "ne" } }, { .password = "pw1234" }),
        "pw1234"));
}

TEST_CASE("a large encrypted 7z folder is proved from a decoded prefix", "[archive][7z]")
{
    // About 6 MiB of text that LZMA2 packs to more than the proof decrypts (4 MiB): the rule falls
    // back to 64 KiB of LZMA2 output without a data error, and to the CRCs of whole members
    // inside the prefix.
    std::string big;
    std::uint32_t state = 7;
    while (big.size() < (6u << 20)) {
        state = state * 1664525u + 1013904223u;
        big += static_cast<char>(' ' + (state >> 25));
    }
    const std::string bytes = pm::test::make_7z_with(
        { { "groot.bin", big }, { "klein.txt", "klein\n" } }, { .password = "pw1234", .method = "lzma2" });
    REQUIRE(bytes.size() > (4u << 20) + 4096); // more than the proof decrypts
    const auto check = seven_zip_password_check(pm::as_byte_span(bytes), {});
    REQUIRE(check);
    CHECK(check->unprovable_reason().empty());
    CHECK(check->opens("pw1234"));
    CHECK_FALSE(check->opens("pw4321"));

    // Stored (copy) data has no decoder to fail: only whole members with a CRC inside the prefix.
    const std::string stored
        = pm::test::make_7z_with({ { "a.bin", big } }, { .password = "pw1234", .method = "copy" });
    const auto stored_check = seven_zip_password_check(pm::as_byte_span(stored), {});
    REQUIRE(stored_check);
    CHECK(stored_check->unprovable_reason()
        == "not proved: no CRC within the part of the folder the proof decodes");
    CHECK_FALSE(stored_check->opens("pw1234"));
}
