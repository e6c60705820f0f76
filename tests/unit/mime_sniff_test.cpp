// sniff(): magic bytes decide what a part is, whatever its name or declared type claims.
#include "mime/message_tree.hpp"
#include "support/archive_tool.hpp"
#include "support/mime_builder.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using pm::mime::SniffedType;
using pm::mime::sniff;

namespace {

const std::string content_types_xml =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";

std::string docx_like_zip()
{
    return pm::test::make_zip({
        {"[Content_Types].xml", content_types_xml},
        {"_rels/.rels", "<Relationships/>"},
        {"word/document.xml", "<w:document>Verwijzing</w:document>"},
    });
}

std::string binary_bytes(std::size_t size)
{
    std::string bytes(size, '\0');
    std::uint32_t state = 2463534242u;  // xorshift32: reproducible noise
    for (char& c : bytes) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        c = static_cast<char>(state & 0xFF);
    }
    return bytes;
}

} // namespace

TEST_CASE("empty bytes are sniffed as empty", "[mime][sniff]")
{
    CHECK(sniff("") == SniffedType::empty);
}

TEST_CASE("fixed magic numbers name their format", "[mime][sniff]")
{
    using namespace std::string_literals;
    CHECK(sniff("7z\xBC\xAF\x27\x1C\x00\x04"s) == SniffedType::seven_zip);
    CHECK(sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"s) == SniffedType::ole_cfb);
    CHECK(sniff("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s) == SniffedType::png);
    CHECK(sniff("\xFF\xD8\xFF\xE0\x00\x10JFIF"s) == SniffedType::jpeg);
    CHECK(sniff("GIF87a\x01\x00"s) == SniffedType::gif);
    CHECK(sniff("GIF89a\x01\x00"s) == SniffedType::gif);
    CHECK(sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s) == SniffedType::pdf);
}

TEST_CASE("a PDF header after junk within 1024 bytes is still a pdf", "[mime][sniff]")
{
    CHECK(sniff(std::string(1000, 'x') + "%PDF-1.4\n") == SniffedType::pdf);
    CHECK(sniff(std::string(1100, 'x') + "%PDF-1.4\n") == SniffedType::text);
}

TEST_CASE("a magic number cut short is not that format", "[mime][sniff]")
{
    CHECK(sniff("7z\xBC") == SniffedType::text);
    CHECK(sniff("GIF8") == SniffedType::text);
    CHECK(sniff("\xD0\xCF\x11") == SniffedType::binary);
}

TEST_CASE("plain, UTF-8 and single-byte-charset text are sniffed as text", "[mime][sniff]")
{
    CHECK(sniff("Beste collega,\r\n\r\nIn bijlage de verwijzing.\r\n") == SniffedType::text);
    CHECK(sniff("Cliënt: Jürgen Müller – dossier №42\n") == SniffedType::text);
    CHECK(sniff("Cli\xEBnt J\xFCrgen M\xFCller, re\xE7u le dossier\n") == SniffedType::text);  // ISO-8859-1
    // A UTF-8 sequence cut by the 4 KiB window is not a reason to call text binary.
    CHECK(sniff(std::string(4095, 'a') + "\xC3\xAB" + "rest") == SniffedType::text);
}

TEST_CASE("bytes with NUL or many control characters are binary", "[mime][sniff]")
{
    using namespace std::string_literals;
    CHECK(sniff("text with a \x00 NUL"s) == SniffedType::binary);
    CHECK(sniff(binary_bytes(4096)) == SniffedType::binary);
    CHECK(sniff(std::string(64, '\x01')) == SniffedType::binary);
}

TEST_CASE("a zip made by the zip tool is sniffed as zip", "[mime][sniff][zip]")
{
    const std::string zip = pm::test::make_zip({{"verwijzing.txt", "Naam: Jan Janssens\n"}});
    CHECK(sniff(zip) == SniffedType::zip);
}

TEST_CASE("an empty zip archive (end record only) is sniffed as zip", "[mime][sniff][zip]")
{
    CHECK(sniff(std::string("PK\x05\x06", 4) + std::string(18, '\0')) == SniffedType::zip);
}

TEST_CASE("a zip holding [Content_Types].xml is sniffed as ooxml", "[mime][sniff][zip]")
{
    CHECK(sniff(docx_like_zip()) == SniffedType::ooxml);
}

TEST_CASE("[Content_Types].xml is found when it is not the first member", "[mime][sniff][zip]")
{
    const std::string zip = pm::test::make_zip({
        {"docProps/core.xml", "<cp:coreProperties/>"},
        {"word/document.xml", std::string(5000, 'w')},
        {"[Content_Types].xml", content_types_xml},
    });
    CHECK(sniff(zip) == SniffedType::ooxml);
}

TEST_CASE("a zip without [Content_Types].xml stays zip", "[mime][sniff][zip]")
{
    const std::string zip = pm::test::make_zip({
        {"Content_Types.xml", content_types_xml},
        {"notes/[Content_Types].xml.bak", "x"},
    });
    CHECK(sniff(zip) == SniffedType::zip);
}

TEST_CASE("an ODF document (stored mimetype first) is sniffed as odf", "[mime][sniff][zip]")
{
    const std::string odt = pm::test::make_zip({
        {"mimetype", "application/vnd.oasis.opendocument.text", true},
        {"content.xml", "<office:document-content/>"},
        {"META-INF/manifest.xml", "<manifest:manifest/>"},
    });
    CHECK(sniff(odt) == SniffedType::odf);
}

TEST_CASE("a zip whose mimetype member is not first is not odf", "[mime][sniff][zip]")
{
    const std::string zip = pm::test::make_zip({
        {"content.xml", "<office:document-content/>"},
        {"mimetype", "application/vnd.oasis.opendocument.text", true},
    });
    CHECK(sniff(zip) == SniffedType::zip);
}

TEST_CASE("a 7z made by 7zz is sniffed as 7z", "[mime][sniff][7z]")
{
    const std::string archive
        = pm::test::make_7z({{"verwijzing.txt", "Naam: Jan Janssens\n"}}, "geheim-W8woord", true);
    CHECK(sniff(archive) == SniffedType::seven_zip);
}

TEST_CASE("every truncation of an ooxml zip is sniffed without reading out of bounds", "[mime][sniff][zip]")
{
    const std::string zip = docx_like_zip();
    for (std::size_t size = 0; size <= zip.size(); ++size) {
        const SniffedType type = sniff(std::string_view(zip).substr(0, size));
        if (size >= 4) {
            CHECK((type == SniffedType::zip || type == SniffedType::ooxml));
        }
    }
    CHECK(sniff(zip) == SniffedType::ooxml);
}

TEST_CASE("zip headers with hostile sizes and offsets are sniffed without reading out of bounds",
    "[mime][sniff][zip]")
{
    std::string zip = docx_like_zip();
    // Corrupt every 2-byte field of the first local header and the end record in turn.
    for (std::size_t at = 4; at + 1 < 30; at += 2) {
        std::string corrupt = zip;
        corrupt[at] = '\xFF';
        corrupt[at + 1] = '\xFF';
        const SniffedType type = sniff(corrupt);
        CHECK((type == SniffedType::zip || type == SniffedType::ooxml));
    }
    for (std::size_t back = 2; back <= 22; back += 2) {
        std::string corrupt = zip;
        corrupt[zip.size() - back] = '\xFF';
        corrupt[zip.size() - back + 1] = '\xFF';
        const SniffedType type = sniff(corrupt);
        CHECK((type == SniffedType::zip || type == SniffedType::ooxml));
    }
}

TEST_CASE("sniffed types have stable names", "[mime][sniff]")
{
    CHECK(pm::mime::to_string(SniffedType::seven_zip) == "7z");
    CHECK(pm::mime::to_string(SniffedType::ooxml) == "ooxml");
    CHECK(pm::mime::to_string(SniffedType::ole_cfb) == "ole_cfb");
    CHECK(pm::mime::to_string(SniffedType::binary) == "binary");
}
