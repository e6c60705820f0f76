// extract_text on documents made at test time: docx/xlsx/pptx/odt/ods zipped by `zip`, a PDF
// written by hand, plain text and CSV in several charsets, and hostile inputs.
#include "mime/message_tree.hpp"
#include "text/document_text.hpp"
#include "text/pdf_text.hpp"

#include "support/archive_tool.hpp"
#include "support/office_writer.hpp"
#include "support/pdf_writer.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace pm;
using pm::mime::SniffedType;
using pm::test::ArchiveMember;
using pm::text::extract_text;
using pm::text::ExtractedText;
using pm::text::TextLimits;
using pm::text::TextResult;

namespace {

using pm::test::make_docx;
using pm::test::make_pdf;
using pm::test::make_xlsx;
using pm::test::office_xml;
using pm::test::word_cell;
using pm::test::word_namespaces;
using pm::test::word_paragraph;
using pm::test::word_part;

/// An ODF package: `mimetype` first and stored (ODF 1.2 part 3, 3.3), content.xml with `body`.
std::string make_odf(std::string_view mimetype, std::string_view body, std::string_view manifest_extra = {})
{
    const std::string content
        = office_xml("<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
              "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
              "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\">"
              "<office:body>"
            + std::string(body) + "</office:body></office:document-content>");
    const std::string manifest
        = office_xml("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
              "manifest:version=\"1.2\">"
              "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\""
            + std::string(mimetype)
            + "\"/>"
              "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
            + std::string(manifest_extra) + "</manifest:file-entry></manifest:manifest>");
    return pm::test::make_zip({
        { "mimetype", std::string(mimetype), true },
        { "content.xml", content },
        { "META-INF/manifest.xml", manifest },
    });
}

ExtractedText text_ok(std::string_view bytes, SniffedType type, std::string_view declared_type = {},
    std::string_view charset = {}, const TextLimits& limits = {})
{
    const TextResult result = extract_text(bytes, type, declared_type, charset, limits);
    INFO((result ? std::string("text") : result.error()));
    REQUIRE(result.has_value());
    return *result;
}

std::string text_error(std::string_view bytes, SniffedType type, const TextLimits& limits = {})
{
    const TextResult result = extract_text(bytes, type, {}, {}, limits);
    REQUIRE_FALSE(result.has_value());
    return result.error();
}

std::string docx_text(std::string_view body)
{
    const std::string docx = make_docx(body);
    REQUIRE(mime::sniff(docx) == SniffedType::ooxml);
    return text_ok(docx, SniffedType::ooxml).text;
}

} // namespace

TEST_CASE("text split across runs in a docx reads as one string", "[text][ooxml]")
{
    CHECK(docx_text("<w:p><w:r><w:t>INSZ </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>85.07.30</w:t></w:r>"
                    "<w:proofErr w:type=\"spellStart\"/><w:r><w:t>-033.28</w:t></w:r></w:p>")
        == "INSZ 85.07.30-033.28\n");
    CHECK(docx_text("<w:p><w:r><w:t>85.07</w:t></w:r><w:r><w:noBreakHyphen/><w:t>30</w:t></w:r></w:p>")
        == "85.07-30\n");
}

TEST_CASE("docx paragraphs end lines and tab stops in paragraph properties are not text", "[text][ooxml]")
{
    CHECK(docx_text(word_paragraph("Beste") + word_paragraph("Sarah Janssens")) == "Beste\nSarah Janssens\n");
    CHECK(docx_text("<w:p><w:r><w:t>Naam</w:t><w:tab/><w:t>Jan</w:t><w:br/><w:t>Peeters</w:t></w:r></w:p>")
        == "Naam\tJan\nPeeters\n");
}

TEST_CASE("an empty docx paragraph is a blank line, as in the mail body it was typed as", "[text][ooxml]")
{
    // Regression: empty paragraphs used to vanish, so a referral's "Naam: ..." lines ran straight
    // into the signature below them and were taken for part of it (positive corpus 11, 12, 18, 30).
    CHECK(docx_text(word_paragraph("Beste") + word_paragraph("") + word_paragraph("Sarah Janssens"))
        == "Beste\n\nSarah Janssens\n");
    CHECK(docx_text(word_paragraph("Naam: Sarah") + "<w:p/><w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr></w:p>"
                    + word_paragraph("Ann Vermeulen") + "<w:p/>")
        == "Naam: Sarah\n\nAnn Vermeulen\n");
    CHECK(docx_text("<w:p/>" + word_paragraph("eerste")) == "eerste\n");
    CHECK(docx_text("<w:tbl><w:tr><w:tc>" + word_paragraph("Naam") + "<w:p/></w:tc>" + word_cell("Sarah")
              + "</w:tr></w:tbl>")
        == "Naam\tSarah\n");
}

TEST_CASE("docx table cells are tab-separated and rows end lines", "[text][ooxml]")
{
    const std::string table = "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
                              "<w:tr>"
        + word_cell("Naam") + word_cell("Sarah Janssens")
        + "</w:tr>"
          "<w:tr>"
        + word_cell("Rijksregisternummer") + word_cell("85.07.30-033.28") + "</w:tr></w:tbl>";
    CHECK(docx_text(word_paragraph("Gegevens") + table + word_paragraph("Einde"))
        == "Gegevens\nNaam\tSarah Janssens\nRijksregisternummer\t85.07.30-033.28\nEinde\n");
}

TEST_CASE("docx headers, footers and footnotes are read after the body", "[text][ooxml]")
{
    const std::string docx = make_docx(word_paragraph("Lichaam"),
        { { "word/header2.xml", word_part("hdr", word_paragraph("Kop twee")) },
            { "word/header1.xml", word_part("hdr", word_paragraph("Kop een")) },
            { "word/footer1.xml", word_part("ftr", word_paragraph("Voet")) },
            { "word/footnotes.xml",
                word_part("footnotes", "<w:footnote w:id=\"1\">" + word_paragraph("Voetnoot") + "</w:footnote>") },
            { "word/styles.xml", word_part("styles", "<w:style><w:name w:val=\"Normal\"/></w:style>") } });
    CHECK(text_ok(docx, SniffedType::ooxml).text == "Lichaam\nKop een\nKop twee\nVoet\nVoetnoot\n");
}

TEST_CASE("xlsx cells resolve shared strings and keep inline strings and numbers as written", "[text][ooxml]")
{
    const std::string shared
        = "<si><t>Naam</t></si><si><t>INSZ</t></si>"
          "<si><r><t>Sarah </t></r><r><rPr><b/></rPr><t>Janssens</t></r><rPh><t>x</t></rPh></si>";
    const std::string sheet1
        = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
          "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" "
          "t=\"inlineStr\"><is><t>85.07.30-033.28</t></is></c>"
          "<c r=\"C2\"><f>1+1</f><v>31257</v></c><c r=\"D2\" t=\"s\"><v>99</v></c></row>";
    const std::string sheet2 = "<row r=\"1\"><c r=\"A1\"><v>12.5</v></c></row>";
    const std::string xlsx = make_xlsx(shared, { sheet1, sheet2 });
    REQUIRE(mime::sniff(xlsx) == SniffedType::ooxml);
    CHECK(text_ok(xlsx, SniffedType::ooxml).text
        == "Naam\tINSZ\nSarah Janssens\t85.07.30-033.28\t31257\n12.5\n");
}

TEST_CASE("an empty xlsx row or a gap in the row numbers is a blank line", "[text][ooxml]")
{
    const std::string shared = "<si><t>Naam</t></si><si><t>Sarah</t></si><si><t>Ann Vermeulen</t></si>";
    const std::string sheet = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
                              "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c></row>"
                              "<row r=\"4\" ht=\"20\" customHeight=\"1\"/>"
                              "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>1</v></c></row>"
                              "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>0</v></c></row>";
    CHECK(text_ok(make_xlsx(shared, {sheet}), SniffedType::ooxml).text
        == "Naam\tSarah\n\nAnn Vermeulen\n\nSarah\nNaam\n");
}

TEST_CASE("pptx slide runs are joined and paragraphs end lines", "[text][ooxml]")
{
    const auto slide = [](std::string_view body) {
        return office_xml("<p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                   "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:spTree>"
                   "<p:sp><p:txBody><a:bodyPr/>"
            + std::string(body) + "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>");
    };
    const std::string pptx = pm::test::make_zip({
        { "[Content_Types].xml",
            pm::test::ooxml_content_types(
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                "ppt/presentation.xml") },
        { "_rels/.rels", pm::test::ooxml_package_rels("ppt/presentation.xml") },
        { "ppt/presentation.xml",
            office_xml("<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>") },
        { "ppt/slides/slide10.xml", slide("<a:p><a:r><a:t>Tien</a:t></a:r></a:p>") },
        { "ppt/slides/slide2.xml",
            slide("<a:p><a:r><a:rPr lang=\"nl-BE\"/><a:t>Dossier "
                  "</a:t></a:r><a:r><a:t>Janssens</a:t></a:r></a:p>"
                  "<a:p><a:r><a:t>85.07.30</a:t></a:r><a:r><a:t>-033.28</a:t></a:r></a:p>") },
    });
    CHECK(text_ok(pptx, SniffedType::ooxml).text == "Dossier Janssens\n85.07.30-033.28\nTien\n");
}

TEST_CASE("odt paragraphs, spaces, tabs and line breaks", "[text][odf]")
{
    const std::string odt = make_odf("application/vnd.oasis.opendocument.text",
        "<office:text><text:h text:outline-level=\"1\">Verslag</text:h>"
        "<text:p>INSZ<text:s/>85.07.30<text:span>-033.28</text:span></text:p>"
        "<text:p>Naam<text:tab/>Sarah<text:s "
        "text:c=\"2\"/>Janssens<text:line-break/>Brussel</text:p></office:text>");
    REQUIRE(mime::sniff(odt) == SniffedType::odf);
    CHECK(text_ok(odt, SniffedType::odf).text
        == "Verslag\nINSZ 85.07.30-033.28\nNaam\tSarah  Janssens\nBrussel\n");
}

TEST_CASE("an empty odt paragraph is a blank line", "[text][odf]")
{
    const std::string odt = make_odf("application/vnd.oasis.opendocument.text",
        "<office:text><text:p>Naam: Sarah</text:p><text:p/><text:p text:style-name=\"P1\"></text:p>"
        "<text:p>Ann Vermeulen</text:p></office:text>");
    CHECK(text_ok(odt, SniffedType::odf).text == "Naam: Sarah\n\nAnn Vermeulen\n");
}

TEST_CASE("ods cells are tab-separated and rows end lines", "[text][odf]")
{
    const auto ods_cell = [](std::string_view text) {
        return "<table:table-cell office:value-type=\"string\"><text:p>" + std::string(text)
            + "</text:p></table:table-cell>";
    };
    const std::string ods = make_odf("application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet><table:table table:name=\"Blad1\">"
        "<table:table-row>"
            + ods_cell("Naam") + ods_cell("Sarah Janssens")
            + "</table:table-row>"
              "<table:table-row>"
            + ods_cell("Geboren") + "<table:table-cell table:number-columns-repeated=\"1000\"/>"
            + ods_cell("30/07/1985") + "</table:table-row></table:table></office:spreadsheet>");
    CHECK(text_ok(ods, SniffedType::odf).text == "Naam\tSarah Janssens\nGeboren\t30/07/1985\n");
}

TEST_CASE("an ODF package with encrypted parts has no readable text", "[text][odf]")
{
    const std::string odt = make_odf("application/vnd.oasis.opendocument.text",
        "<office:text><text:p>geheim</text:p></office:text>",
        "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"AAAA\"/>");
    CHECK(text_ok(odt, SniffedType::odf).text.empty());
}

TEST_CASE("PDF page text is read with poppler", "[text][pdf]")
{
    const std::string pdf = make_pdf({ "Naam: Sarah Janssens", "INSZ 85.07.30-033.28" });
    REQUIRE(mime::sniff(pdf) == SniffedType::pdf);
    const std::string text = text_ok(pdf, SniffedType::pdf).text;
    CHECK_THAT(text, Catch::Contains("Naam: Sarah Janssens"));
    CHECK_THAT(text, Catch::Contains("INSZ 85.07.30-033.28"));
}

TEST_CASE("PDF table columns are TAB-separated and Latin-1 letters survive", "[text][pdf]")
{
    // Regression: poppler pads a column jump with spaces, so "Naam" and its value in the next
    // column were no label pair (positive corpus 13, 30 printed to PDF lost their name field).
    const std::string pdf = pm::test::make_pdf_pages({{
        {72, 700, "Naam"},
        {250, 700, "Sarah Janssens"},
        {72, 686, "Pr\xC3\xA9nom : C\xC3\xA9line, \xE2\x82\xAC 1.350 (net)"},
        {72, 672, "Rijksregisternummer"},
        {250, 672, "85.07.30-033.28"},
        {400, 672, "geverifieerd"},
    }});
    // poppler ends a page with a form feed.
    CHECK(text_ok(pdf, SniffedType::pdf).text
        == "Naam\tSarah Janssens\nPr\xC3\xA9nom : C\xC3\xA9line, \xE2\x82\xAC 1.350 (net)\n"
           "Rijksregisternummer\t85.07.30-033.28\tgeverifieerd\n\f\n");
}

TEST_CASE("column gaps become tabs only inside a line", "[text][pdf]")
{
    CHECK(pm::text::columns_to_tabs("Naam     Sarah  Janssens\n     ingesprongen   \nx   y")
        == "Naam\tSarah  Janssens\n     ingesprongen   \nx\ty");
    CHECK(pm::text::columns_to_tabs("") == "");
    CHECK(pm::text::columns_to_tabs("   ") == "   ");
}

TEST_CASE("a PDF poppler cannot open is an error", "[text][pdf]")
{
    CHECK_THAT(text_error("%PDF-1.4\ngarbage without objects", SniffedType::pdf),
        Catch::Contains("PDF cannot be opened"));
}

TEST_CASE("plain text is converted from its declared charset", "[text][charset]")
{
    CHECK(text_ok("Ren\xE9 M\xFCller", SniffedType::text, "text/plain", "ISO-8859-1").text
        == "Ren\xC3\xA9 M\xC3\xBCller");
    CHECK(text_ok("\x80 12 \x93ja\x94", SniffedType::text, "text/plain", "windows-1252").text
        == "\xE2\x82\xAC 12 \xE2\x80\x9Cja\xE2\x80\x9D");
    CHECK(text_ok("Ren\xC3\xA9", SniffedType::text, "text/plain", "utf-8").text == "Ren\xC3\xA9");
    CHECK(text_ok("\xA4", SniffedType::text, "text/plain", "ISO-8859-15").text == "\xE2\x82\xAC");
}

TEST_CASE("text without a usable charset is UTF-8 when valid, else Windows-1252", "[text][charset]")
{
    CHECK(text_ok("Ren\xC3\xA9", SniffedType::text).text == "Ren\xC3\xA9");
    CHECK(text_ok("Ren\xE9", SniffedType::text).text == "Ren\xC3\xA9");
    CHECK(text_ok("Ren\xE9", SniffedType::text, "text/plain", "x-no-such-charset").text == "Ren\xC3\xA9");
    CHECK(text_ok("Ren\xE9", SniffedType::text, "text/plain", "utf-8//TRANSLIT").text == "Ren\xC3\xA9");
}

TEST_CASE("ill-formed bytes in a declared charset are replaced, never thrown", "[text][charset]")
{
    CHECK(text_ok("a\xE9z", SniffedType::text, "text/plain", "utf-8").text == "a\xEF\xBF\xBDz");
    CHECK(text_ok("a\x81z", SniffedType::text, "text/plain", "windows-1252").text == "a\xEF\xBF\xBDz");
    CHECK(text_ok("a\x82", SniffedType::text, "text/plain", "Shift_JIS").text == "a\xEF\xBF\xBD");
}

TEST_CASE("CSV is read as text with its cells TAB-separated", "[text][charset][csv]")
{
    const std::string csv = "naam;insz;geboren\r\nJanssens;85.07.30-033.28;30/07/1985\r\n";
    CHECK(text_ok(csv, SniffedType::text, "text/csv").text == "naam\tinsz\tgeboren\nJanssens\t85.07.30-033.28\t30/07/1985\n");
}

TEST_CASE("HTML is converted from its charset, then to text", "[text][html]")
{
    CHECK(text_ok("<p>Ren\xE9 <b>85.07.30</b>-033.28</p>", SniffedType::text, "text/html", "iso-8859-1").text
        == "Ren\xC3\xA9 85.07.30-033.28\n");
}

TEST_CASE("a truncated docx is an error that names no content", "[text][ooxml]")
{
    const std::string docx = make_docx(word_paragraph("Sarah Janssens 85.07.30-033.28"));
    const std::string error
        = text_error(std::string_view(docx).substr(0, docx.size() / 2), SniffedType::ooxml);
    CHECK_THAT(error, Catch::Contains("unreadable package"));
    CHECK_THAT(error, !Catch::Contains("Janssens"));
}

TEST_CASE("malformed XML in a docx is an error naming the part", "[text][ooxml]")
{
    const std::string docx = pm::test::make_zip({
        { "[Content_Types].xml", pm::test::ooxml_content_types("application/xml", "word/document.xml") },
        { "word/document.xml",
            office_xml("<w:document " + std::string(word_namespaces) + "><w:body><w:p><w:t>Janssens</w:p>") },
    });
    const std::string error = text_error(docx, SniffedType::ooxml);
    CHECK_THAT(error, Catch::Contains("word/document.xml") && Catch::Contains("malformed XML"));
    CHECK_THAT(error, !Catch::Contains("Janssens"));
}

TEST_CASE("an OOXML package without a known main part is an error", "[text][ooxml]")
{
    const std::string zip
        = pm::test::make_zip({ { "[Content_Types].xml", pm::test::ooxml_content_types("application/xml", "x.xml") },
            { "elsewhere/document.xml", word_part("document", word_paragraph("verstopt")) } });
    CHECK_THAT(text_error(zip, SniffedType::ooxml), Catch::Contains("without word/document.xml"));
}

TEST_CASE("an external entity in a docx is refused and its file never read", "[text][ooxml][xxe]")
{
    const auto secret = std::filesystem::temp_directory_path() / "pm-text-xxe-secret.txt";
    std::ofstream(secret) << "GEHEIM-85.07.30-033.28";
    const std::string uri = "file://" + secret.string();
    for (const std::string& declaration : { "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"" + uri + "\">]>",
             "<!DOCTYPE w:document [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>",
             "<!DOCTYPE w:document SYSTEM \"" + uri + "\">" }) {
        const std::string document = std::string(pm::test::office_xml_declaration) + declaration + "<w:document "
            + std::string(word_namespaces)
            + "><w:body><w:p><w:r><w:t>a&xxe;b</w:t></w:r></w:p></w:body></w:document>";
        const std::string docx = pm::test::make_zip({
            { "[Content_Types].xml", pm::test::ooxml_content_types("application/xml", "word/document.xml") },
            { "word/document.xml", document },
        });
        const TextResult result = extract_text(docx, SniffedType::ooxml, {}, {}, {});
        REQUIRE_FALSE(result.has_value());
        CHECK_THAT(result.error(), Catch::Contains("word/document.xml"));
        CHECK_THAT(result.error(), !Catch::Contains("GEHEIM"));
    }
    std::filesystem::remove(secret);
}

TEST_CASE("XML nested past the depth limit is an error", "[text][ooxml]")
{
    std::string nested;
    for (int i = 0; i < 100; ++i) {
        nested += "<w:sdt><w:sdtContent>";
    }
    for (int i = 0; i < 100; ++i) {
        nested += "</w:sdtContent></w:sdt>";
    }
    const std::string docx = make_docx(nested + word_paragraph("diep"));
    CHECK(text_ok(docx, SniffedType::ooxml).text == "diep\n");
    TextLimits limits;
    limits.max_xml_depth = 64;
    CHECK_THAT(text_error(docx, SniffedType::ooxml, limits), Catch::Contains("nested deeper than 64"));
}

TEST_CASE("text past max_text_bytes is cut on a character boundary and marked truncated", "[text][limits]")
{
    TextLimits limits;
    limits.max_text_bytes = 10;
    const ExtractedText plain
        = text_ok("12345678\xC3\xA9\xC3\xA9xyz", SniffedType::text, "text/plain", "utf-8", limits);
    CHECK(plain.text == "12345678\xC3\xA9");
    CHECK(plain.truncated);
    const ExtractedText exact = text_ok("0123456789", SniffedType::text, "text/plain", "utf-8", limits);
    CHECK(exact.text == "0123456789");
    CHECK_FALSE(exact.truncated);

    limits.max_text_bytes = 20;
    const ExtractedText docx = text_ok(make_docx(word_paragraph("Sarah Janssens") + word_paragraph("85.07.30-033.28")),
        SniffedType::ooxml, {}, {}, limits);
    CHECK(docx.text == "Sarah Janssens\n85.07");
    CHECK(docx.truncated);
}

TEST_CASE("images, binaries and plain zips have no text and no error", "[text]")
{
    CHECK(text_ok("\x89PNG\r\n\x1A\n", SniffedType::png).text.empty());
    CHECK(text_ok(pm::test::make_zip({ { "a.txt", "Janssens" } }), SniffedType::zip).text.empty());
    CHECK(text_ok("", SniffedType::empty).text.empty());
}

TEST_CASE("extraction throughput of a 1 MiB docx", "[.][bench]")
{
    // Pseudo-random numbers keep the deflated docx near 1 MiB, as a real text-heavy one is.
    std::string body;
    std::uint64_t state = 88172645463325252ull;
    const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
    for (int i = 0; body.size() < (8u << 20); ++i) {
        body += "<w:p><w:r><w:t>Dossier " + std::to_string(next() >> 20)
            + " van </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
              "<w:t>Sarah Janssens</w:t></w:r><w:r><w:t>, rekening "
            + std::to_string(next() >> 12) + ", Kerkstraat " + std::to_string(next() >> 50)
            + "</w:t></w:r></w:p>";
    }
    const std::string docx = make_docx(body);
    constexpr int rounds = 10;
    const auto start = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    for (int i = 0; i < rounds; ++i) {
        bytes += text_ok(docx, SniffedType::ooxml).text.size();
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    WARN("document.xml " << body.size() << " bytes, docx " << docx.size() << " bytes, text " << bytes / rounds
                         << " bytes, " << elapsed.count() * 1000 / rounds << " ms per docx, "
                         << (body.size() * rounds / elapsed.count()) / (1 << 20) << " MiB/s of XML, "
                         << (docx.size() * rounds / elapsed.count()) / (1 << 20) << " MiB/s of docx");
}
