// office_encryption() on compound files built by the test, pdf_encryption() on PDFs made by qpdf.
#include "protection/document_encryption.hpp"

#include "support/pdf_writer.hpp"
#include "support/cfb_writer.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using pm::protection::DocumentEncryption;
using pm::protection::office_encryption;
using pm::protection::pdf_encryption;
using pm::test::cfb_storage;
using pm::test::cfb_stream;
using pm::test::make_cfb;
using pm::test::run_command;
using pm::test::shell_quote;

namespace {

std::string u16(std::uint16_t value)
{
    return {static_cast<char>(value & 0xFF), static_cast<char>(value >> 8)};
}

std::string u32(std::uint32_t value)
{
    return u16(static_cast<std::uint16_t>(value)) + u16(static_cast<std::uint16_t>(value >> 16));
}

/// [MS-OFFCRYPTO] 2.3.4.10: an agile EncryptionInfo stream (version 4.4, reserved 0x40, XML).
std::string agile_encryption_info()
{
    return u16(4) + u16(4) + u32(0x40)
        + "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
          "<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\">"
          "<keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\""
          " cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" "
          "saltValue=\"AAAAAAAAAAAAAAAAAAAAAA==\"/>"
          "</encryption>";
}

/// [MS-OFFCRYPTO] 2.3.4.4: StreamSize (u64) then ciphertext (here: bytes that look random).
std::string encrypted_package(std::size_t size)
{
    std::string out = u32(static_cast<std::uint32_t>(size)) + u32(0);
    std::uint32_t state = 0x12345678;
    for (std::size_t i = 0; i < size; ++i) {
        state = state * 1103515245 + 12345;
        out += static_cast<char>(state >> 24);
    }
    return out;
}

/// [MS-DOC] 2.5.2 FibBase (first 32 bytes) with or without fEncrypted, then filler.
std::string word_document(bool encrypted, std::size_t size = 600)
{
    std::string fib = u16(0xA5EC) + u16(0x00C1) + u16(0) + u16(0x0413) + u16(0)
        + u16(static_cast<std::uint16_t>(encrypted ? 0x0100 | 0x0200 : 0x0200)) + u16(0x00BF) + u16(0);
    fib.resize(size, '\0');
    return fib;
}

/// [MS-XLS] BIFF8 records: BOF (globals), optionally FilePass (RC4 CryptoAPI header start), then
/// InterfaceHdr, WriteAccess and EOF.
std::string workbook(bool encrypted)
{
    std::string out = u16(0x0809) + u16(16) + u16(0x0600) + u16(0x0005) + std::string(12, '\0');
    if (encrypted) {
        out += u16(0x002F) + u16(6) + u16(0x0001) + u16(0x0004) + u16(0x0002);
    }
    out += u16(0x00E1) + u16(2) + u16(0x04B0);
    out += u16(0x005C) + u16(4) + "Joke";
    out += u16(0x000A) + u16(0);
    return out;
}

/// [MS-PPT] 2.3.2 CurrentUserAtom with `token`, pointing at a UserEditAtom (2.3.3) at offset 16
/// of the PowerPoint Document stream, whose recLen is 0x20 when it has encryptSessionPersistIdRef.
std::vector<pm::test::CfbNode> presentation(std::uint32_t token, bool edit_has_crypt_session)
{
    const std::string current_user = u16(0) + u16(0x0FF6) + u32(0x14 + 8) + u32(0x14) + u32(token) + u32(16)
        + u16(0) + u16(0x03F4) + u16(0x0003) + "Joke" + u32(8);
    std::string document
        = u16(0x000F) + u16(0x03E8) + u32(8) + std::string(8, '\0'); // DocumentContainer stub
    const std::uint32_t length = edit_has_crypt_session ? 0x20 : 0x1C;
    document += u16(0) + u16(0x0FF5) + u32(length) + std::string(length, '\0');
    return {cfb_stream("Current User", current_user), cfb_stream("PowerPoint Document", document)};
}

/// Minimal valid PDF (ISO 32000-1 7.5) with one page of text and an exact xref table.
std::string tiny_pdf()
{
    const std::string content = "BT /F1 12 Tf 20 100 Td (Verslag gezin Janssens) Tj ET";
    const std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    return pm::test::pdf_from_objects(objects);
}

/// `qpdf --encrypt <user> <owner> 256 -- in out` on `pdf`.
std::string qpdf_encrypt(const std::string& pdf, const std::string& user, const std::string& owner)
{
    const pm::test::TempDir dir;
    const auto in = dir.path() / "in.pdf";
    const auto out = dir.path() / "out.pdf";
    std::ofstream(in, std::ios::binary) << pdf;
    const auto result = run_command("qpdf --encrypt " + shell_quote(user) + " " + shell_quote(owner)
        + " 256 -- " + shell_quote(in.string()) + " " + shell_quote(out.string()));
    INFO(result.err);
    REQUIRE(result.status == 0);
    std::ifstream file(out, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

} // namespace

TEST_CASE("a compound file with EncryptionInfo and EncryptedPackage is an encrypted Office document",
    "[protection][documents]")
{
    SECTION("small streams in the mini stream")
    {
        const std::string cfb = make_cfb({cfb_stream("EncryptionInfo", agile_encryption_info()),
            cfb_stream("EncryptedPackage", encrypted_package(1000)),
            cfb_storage("\x06" "DataSpaces", {cfb_stream("Version", "x"), cfb_stream("DataSpaceMap", "y")})});
        CHECK(office_encryption(cfb) == DocumentEncryption::encrypted);
    }
    SECTION("a large package in regular sectors, standard encryption 3.2")
    {
        const std::string info = u16(3) + u16(2) + u32(0x24) + std::string(200, '\x01');
        const std::string cfb = make_cfb(
            {cfb_stream("EncryptedPackage", encrypted_package(70000)), cfb_stream("EncryptionInfo", info)});
        CHECK(office_encryption(cfb) == DocumentEncryption::encrypted);
    }
}

TEST_CASE("an EncryptionInfo stream of an unknown version cannot be told", "[protection][documents]")
{
    const std::string info = u16(9) + u16(9) + u32(0) + "???";
    CHECK(office_encryption(make_cfb({cfb_stream("EncryptionInfo", info),
              cfb_stream("EncryptedPackage", encrypted_package(100))}))
        == DocumentEncryption::unknown);
}

TEST_CASE("half an encryption structure cannot be told", "[protection][documents]")
{
    CHECK(office_encryption(make_cfb({cfb_stream("EncryptedPackage", encrypted_package(100))}))
        == DocumentEncryption::unknown);
    CHECK(office_encryption(make_cfb({cfb_stream("EncryptionInfo", agile_encryption_info())}))
        == DocumentEncryption::unknown);
}

TEST_CASE("an IRM-protected document (DataSpaces with EncryptedPackage or DRMContent) is encrypted",
    "[protection][documents]")
{
    const auto data_spaces = cfb_storage("\x06"
                                         "DataSpaces",
        { cfb_stream("\x06"
                     "Primary",
              "licence"),
            cfb_storage("TransformInfo", { cfb_stream("DRMEncryptedTransform", "t") }) });
    CHECK(office_encryption(make_cfb({data_spaces, cfb_stream("EncryptedPackage", encrypted_package(5000))}))
        == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb({data_spaces, cfb_stream("\x09" "DRMContent", encrypted_package(300)),
              cfb_stream("WordDocument", word_document(false))}))
        == DocumentEncryption::encrypted);
}

TEST_CASE(
    "a legacy Word document is encrypted exactly when its FIB says fEncrypted", "[protection][documents]")
{
    CHECK(office_encryption(
              make_cfb({ cfb_stream("WordDocument", word_document(true)), cfb_stream("1Table", "t") }))
        == DocumentEncryption::encrypted);
    CHECK(office_encryption(
              make_cfb({ cfb_stream("WordDocument", word_document(false)), cfb_stream("1Table", "t") }))
        == DocumentEncryption::none);
    CHECK(office_encryption(make_cfb({cfb_stream("WordDocument", word_document(true, 9000))}))
        == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb({cfb_stream("WordDocument", std::string(40, 'x'))}))
        == DocumentEncryption::unknown);
}

TEST_CASE(
    "a legacy Excel workbook is encrypted exactly when a FilePass follows its BOF", "[protection][documents]")
{
    CHECK(office_encryption(make_cfb({ cfb_stream("Workbook", workbook(true)) }))
        == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb({cfb_stream("Workbook", workbook(false))})) == DocumentEncryption::none);
    CHECK(office_encryption(make_cfb({cfb_stream("Book", workbook(true))})) == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb({cfb_stream("Workbook", "geen BIFF")})) == DocumentEncryption::unknown);
}

TEST_CASE("a legacy PowerPoint file is encrypted by its header token, edit atom or EncryptedSummary",
    "[protection][documents]")
{
    CHECK(office_encryption(make_cfb(presentation(0xF3D1C4DF, true))) == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb(presentation(0xE391C05F, true))) == DocumentEncryption::encrypted);
    CHECK(office_encryption(make_cfb(presentation(0xE391C05F, false))) == DocumentEncryption::none);
    CHECK(office_encryption(make_cfb(presentation(0x12345678, false))) == DocumentEncryption::unknown);
    auto with_summary = presentation(0xE391C05F, false);
    with_summary.push_back(cfb_stream("EncryptedSummary", "s"));
    CHECK(office_encryption(make_cfb(with_summary)) == DocumentEncryption::encrypted);
}

TEST_CASE(
    "a readable compound file without encryption structures is not encrypted", "[protection][documents]")
{
    CHECK(office_encryption(make_cfb({})) == DocumentEncryption::none);
    CHECK(office_encryption(make_cfb({ cfb_stream("\x05"
                                                  "SummaryInformation",
                                           "si"),
              cfb_storage("__substg1.0_0037001F", {}),
              cfb_stream("__properties_version1.0", std::string(5000, 'p')) }))
        == DocumentEncryption::none);
}

TEST_CASE("a truncated, looping or foreign compound file cannot be told", "[protection][documents]")
{
    const std::string good = make_cfb({cfb_stream("EncryptionInfo", agile_encryption_info()),
        cfb_stream("EncryptedPackage", encrypted_package(9000))});
    REQUIRE(office_encryption(good) == DocumentEncryption::encrypted);

    SECTION("truncated inside the directory or a stream")
    {
        CHECK(office_encryption(good.substr(0, 700)) == DocumentEncryption::unknown);
        CHECK(office_encryption(good.substr(0, 511)) == DocumentEncryption::unknown);
        const std::string word = make_cfb({cfb_stream("WordDocument", word_document(true, 9000))});
        const std::size_t stream_start = word.size() - 9216;  // the last 18 sectors
        CHECK(office_encryption(word.substr(0, stream_start + 5)) == DocumentEncryption::unknown);
    }
    SECTION("the directory chain loops")
    {
        std::string looping = good;
        const std::uint32_t directory = pm::test::first_directory_sector(looping);
        pm::test::set_fat_entry(looping, directory, directory);
        CHECK(office_encryption(looping) == DocumentEncryption::unknown);
    }
    SECTION("the FAT points past the end of the file")
    {
        std::string wild = good;
        pm::test::set_fat_entry(wild, pm::test::first_directory_sector(wild), 0x00ABCDEF);
        CHECK(office_encryption(wild) == DocumentEncryption::unknown);
    }
    SECTION("the sibling tree loops")
    {
        std::string looping = good;
        // Entry 1 is a child of the root; make it its own left sibling.
        pm::test::put_u32(looping, pm::test::directory_entry_offset(looping, 1) + 68, 1);
        pm::test::put_u32(looping, pm::test::directory_entry_offset(looping, 2) + 68, 1);
        pm::test::put_u32(looping, pm::test::directory_entry_offset(looping, 1) + 72, 2);
        CHECK(office_encryption(looping) == DocumentEncryption::unknown);
    }
    SECTION("header counts larger than the file")
    {
        std::string counts = good;
        pm::test::put_u32(counts, 44, 0x7FFFFFFF);  // number of FAT sectors
        CHECK(office_encryption(counts) == DocumentEncryption::unknown);
    }
    SECTION("not a compound file at all")
    {
        CHECK(office_encryption("") == DocumentEncryption::unknown);
        CHECK(office_encryption("PK\x03\x04 a zip") == DocumentEncryption::unknown);
        CHECK(office_encryption(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\xFF'))
            == DocumentEncryption::unknown);
    }
}

TEST_CASE("a PDF that needs a user password is encrypted", "[protection][documents]")
{
    CHECK(pdf_encryption(qpdf_encrypt(tiny_pdf(), "gebruiker", "eigenaar")) == DocumentEncryption::encrypted);
}

TEST_CASE("a PDF with only an owner password opens without one and is readable", "[protection][documents]")
{
    CHECK(pdf_encryption(qpdf_encrypt(tiny_pdf(), "", "eigenaar")) == DocumentEncryption::none);
}

TEST_CASE("a plain PDF is not encrypted", "[protection][documents]")
{
    CHECK(pdf_encryption(tiny_pdf()) == DocumentEncryption::none);
}

TEST_CASE(
    "a PDF that cannot be parsed cannot be told, unless it has an Encrypt entry", "[protection][documents]")
{
    CHECK(pdf_encryption("%PDF-1.7\n\x01\x02 dit is geen pdf \xFF\xFE") == DocumentEncryption::unknown);
    CHECK(pdf_encryption("%PDF-") == DocumentEncryption::unknown);
    CHECK(pdf_encryption("%PDF-1.7\ntrailer\n<< /EncryptMetadata false >>\n") == DocumentEncryption::unknown);
    CHECK(pdf_encryption("%PDF-1.7\ngarbage\ntrailer\n<< /Size 9 /Encrypt 7 0 R >>\n%%EOF\n")
        == DocumentEncryption::encrypted);
}
