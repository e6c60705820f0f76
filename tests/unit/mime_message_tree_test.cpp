// parse_message(): real messages built with GMime, parsed back into an owned, bounded Part tree.
#include "mime/message_tree.hpp"

#include "support/mime_tree.hpp"
#include "mime/utf8_text.hpp"
#include "support/archive_tool.hpp"
#include "support/mime_builder.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using pm::mime::MessageTree;
using pm::mime::Part;
using pm::mime::SniffedType;
using pm::test::MimeNode;
using pm::test::TransferEncoding;

namespace {

const Part& leaf_at(const MessageTree& tree, std::string_view path)
{
    const auto found = std::ranges::find(tree.leaves, path, &Part::path);
    REQUIRE(found != tree.leaves.end());
    return *found;
}

/// The Unparseable reasons in `tree.problems`.
std::vector<std::string> unparseable_reasons(const MessageTree& tree)
{
    std::vector<std::string> reasons;
    for (const pm::Finding& problem : tree.problems) {
        if (const auto* unparseable = std::get_if<pm::Unparseable>(&problem.facts)) {
            reasons.push_back(unparseable->reason);
        }
    }
    return reasons;
}

const pm::LimitExceeded* limit_problem(const MessageTree& tree, std::string_view name)
{
    for (const pm::Finding& problem : tree.problems) {
        const auto* limit = std::get_if<pm::LimitExceeded>(&problem.facts);
        if (limit != nullptr && limit->limit == name) {
            return limit;
        }
    }
    return nullptr;
}

bool mentions(const std::vector<std::string>& reasons, std::string_view word)
{
    return std::ranges::any_of(
        reasons, [&](const std::string& reason) { return reason.find(word) != std::string::npos; });
}

std::string all_byte_values(std::size_t repeat)
{
    std::string bytes;
    for (std::size_t r = 0; r < repeat; ++r) {
        for (int b = 0; b < 256; ++b) {
            bytes += static_cast<char>(b);
        }
    }
    return bytes;
}

pm::test::MessageHeaders with_subject(std::string subject)
{
    pm::test::MessageHeaders headers;
    headers.subject = std::move(subject);
    return headers;
}

MimeNode nested_multiparts(int levels)
{
    MimeNode node = pm::test::text_part("diep genest\r\n");
    for (int i = 0; i < levels; ++i) {
        node = pm::test::multipart("mixed", {std::move(node)});
    }
    return node;
}

} // namespace

TEST_CASE("a plain text mail has one body part at path 1", "[mime][tree]")
{
    const std::string text = "Beste collega,\r\n\r\nZie hieronder de gegevens van de cliënt.\r\n";
    const MessageTree tree = pm::test::parse_tree(pm::test::build_plain_message({}, text));

    REQUIRE(tree.problems.empty());
    CHECK(tree.part_count == 1);
    REQUIRE(tree.leaves.size() == 1);
    const Part& body = tree.leaves.front();
    CHECK(body.path == "1");
    CHECK(body.depth == 0);
    CHECK(body.content_type == "text/plain");
    CHECK(body.charset == "utf-8");
    CHECK(body.is_body);
    CHECK(body.filename.empty());
    CHECK(body.disposition.empty());
    CHECK(body.data == text);
    CHECK(body.sniffed == SniffedType::text);
    CHECK(body.label() == "1");
}

TEST_CASE("nested multipart/alternative inside multipart/mixed gets IMAP-style paths", "[mime][tree]")
{
    const std::string raw = pm::test::build_alternative_message({}, "Tekst\r\n", "<p>Tekst</p>\r\n",
        {pm::test::attachment("a.pdf", "application/pdf", "%PDF-1.4\n"),
            pm::test::attachment("b.txt", "text/plain", "bijlage\n")});
    const MessageTree tree = pm::test::parse_tree(raw);

    REQUIRE(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1/1", "1/2", "2", "3"});
    CHECK(tree.part_count == 6);  // mixed, alternative, text, html, two attachments
    CHECK(leaf_at(tree, "1/1").depth == 2);
    CHECK(leaf_at(tree, "1/1").is_body);
    CHECK(leaf_at(tree, "1/2").content_type == "text/html");
    CHECK(leaf_at(tree, "1/2").is_body);
    CHECK(leaf_at(tree, "2").depth == 1);
    CHECK(leaf_at(tree, "2").sniffed == SniffedType::pdf);
    CHECK_FALSE(leaf_at(tree, "3").is_body);  // text/plain, but an attachment with a name
    CHECK(leaf_at(tree, "3").label() == "3 b.txt");
}

TEST_CASE("a multipart message/rfc822 attachment is recursed with paths under its own",
    "[mime][tree][rfc822]")
{
    const std::string inner = pm::test::build_mixed_message(with_subject("Origineel"), "Binnenste tekst\r\n",
        {pm::test::attachment("verwijzing.pdf", "application/pdf", "%PDF-1.5\nbinnen\n")});
    const MessageTree tree
        = pm::test::parse_tree(pm::test::build_forward_message({}, "Zie doorgestuurd bericht\r\n", inner));

    REQUIRE(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2/1", "2/2"});
    CHECK(tree.part_count == 6);  // mixed, text, rfc822, inner mixed, inner text, inner pdf
    CHECK(leaf_at(tree, "2/1").data == "Binnenste tekst\r\n");
    CHECK(leaf_at(tree, "2/1").depth == 3);
    CHECK(leaf_at(tree, "2/2").filename == "verwijzing.pdf");
    CHECK(leaf_at(tree, "2/2").sniffed == SniffedType::pdf);
    CHECK(leaf_at(tree, "2/1").in_embedded_message);
    CHECK_FALSE(leaf_at(tree, "1").in_embedded_message);
    CHECK(tree.subject == "Testbericht");  // the outer subject, not the embedded one
}

TEST_CASE("a single-part message/rfc822 attachment has its body at <path>/1", "[mime][tree][rfc822]")
{
    const std::string inner = pm::test::build_plain_message(with_subject("Origineel"), "Enkel deel\r\n");
    const MessageTree tree = pm::test::parse_tree(pm::test::build_forward_message({}, "Zie bijlage\r\n", inner));

    REQUIRE(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2/1"});
    CHECK(leaf_at(tree, "2/1").data == "Enkel deel\r\n");
    CHECK(leaf_at(tree, "2/1").depth == 2);
}

TEST_CASE("a base64-encoded message/rfc822 part is decoded and recursed", "[mime][tree][rfc822]")
{
    const std::string inner = pm::test::build_mixed_message(with_subject("Binnen"), "Verborgen tekst\r\n",
        {pm::test::attachment("lijst.csv", "text/csv", "naam;rijksregister\n")});
    MimeNode encoded;
    encoded.content_type = "message/rfc822";
    encoded.bytes = inner;
    encoded.encoding = TransferEncoding::base64;
    encoded.disposition = "attachment";
    // Built as a plain leaf (the builder only parses embedded_message for real rfc822 parts).
    const std::string raw = pm::test::build_message(
        {}, pm::test::multipart("mixed", {pm::test::text_part("Zie bijlage\r\n"), encoded}));
    const MessageTree tree = pm::test::parse_tree(raw);

    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2/1", "2/2"});
    CHECK(leaf_at(tree, "2/1").data == "Verborgen tekst\r\n");
    CHECK(leaf_at(tree, "2/1").in_embedded_message);
    CHECK(leaf_at(tree, "2/2").filename == "lijst.csv");
}

TEST_CASE("an RFC 2231 file name with non-ASCII characters is decoded", "[mime][tree][filename]")
{
    const std::string raw = pm::test::build_mixed_message({}, "Zie bijlage\r\n",
        {pm::test::attachment("verwijzing-cliënt.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "PK\x03\x04 not really")});
    CHECK(raw.find("filename*=") != std::string::npos);  // GMime picks the charset (iso-8859-1 here)

    const MessageTree tree = pm::test::parse_tree(raw);
    REQUIRE(tree.problems.empty());
    CHECK(leaf_at(tree, "2").filename == "verwijzing-cliënt.docx");
    CHECK(leaf_at(tree, "2").label() == "2 verwijzing-cliënt.docx");
    CHECK(leaf_at(tree, "2").disposition == "attachment");
}

TEST_CASE("an RFC 2047 encoded-word file name (Outlook style) is decoded", "[mime][tree][filename]")
{
    const std::string raw = pm::test::build_mixed_message({}, "Zie bijlage\r\n",
        {pm::test::attachment("attest-ziekenhuis-Ü.pdf", "application/pdf", "%PDF-1.7\n",
            TransferEncoding::base64, pm::test::NameEncoding::rfc2047)});
    CHECK(raw.find("filename=\"=?") != std::string::npos);

    const MessageTree tree = pm::test::parse_tree(raw);
    REQUIRE(tree.problems.empty());
    CHECK(leaf_at(tree, "2").filename == "attest-ziekenhuis-Ü.pdf");
}

TEST_CASE("file names lose line breaks and bidi overrides and are always valid UTF-8",
    "[mime][tree][filename]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed; boundary=\"grens\"\r\n"
                            "\r\n"
                            "--grens\r\n"
                            "Content-Type: application/octet-stream\r\n"
                            "Content-Disposition: attachment;\r\n"
                            " filename*=utf-8''regel%0D%0A550%20nep%E2%80%AEfdp.exe\r\n"
                            "\r\n"
                            "x\r\n"
                            "--grens\r\n"
                            "Content-Type: application/octet-stream\r\n"
                            "Content-Disposition: attachment; filename=\"cli\xEBnt-\xFF\xFE.txt\"\r\n"
                            "\r\n"
                            "y\r\n"
                            "--grens--\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);
    CHECK(leaf_at(tree, "1").filename == "regel__550 nep_fdp.exe");
    const std::string& latin = leaf_at(tree, "2").filename;
    CHECK(pm::mime::is_valid_utf8(latin));
    CHECK(latin.starts_with("cli"));
    CHECK(latin.ends_with(".txt"));
}

TEST_CASE("an encoded-word subject is decoded to UTF-8", "[mime][tree][headers]")
{
    const std::string raw
        = pm::test::build_plain_message(with_subject("Verwijzing cliënt – dringend"), "x\r\n");
    CHECK(raw.find("Subject: Verwijzing =?") != std::string::npos);
    CHECK(pm::test::parse_tree(raw).subject == "Verwijzing cliënt – dringend");
}

TEST_CASE("base64 and quoted-printable parts decode to exactly the original bytes", "[mime][tree][encoding]")
{
    const std::string binary = all_byte_values(8);
    const std::string text = "Lijn met = teken en trailing spatie \r\n"
                             "Cliënt: Jürgen Müller, geboren 01.02.1985\r\n"
                             + std::string(200, 'L') + "\r\n";
    const std::string raw = pm::test::build_mixed_message({}, "Zie bijlagen\r\n",
        {pm::test::attachment("data.bin", "application/octet-stream", binary, TransferEncoding::base64),
            pm::test::attachment("notitie.txt", "text/plain", text, TransferEncoding::quoted_printable)});
    CHECK(raw.find("Content-Transfer-Encoding: base64") != std::string::npos);
    CHECK(raw.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);

    const MessageTree tree = pm::test::parse_tree(raw);
    REQUIRE(tree.problems.empty());
    CHECK(leaf_at(tree, "2").data == binary);
    CHECK(leaf_at(tree, "2").sniffed == SniffedType::binary);
    CHECK(leaf_at(tree, "3").data == text);
}

TEST_CASE("an x-uuencode part is decoded", "[mime][tree][encoding]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "Subject: uu\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed; boundary=\"grens\"\r\n"
                            "\r\n"
                            "--grens\r\n"
                            "Content-Type: text/plain\r\n"
                            "\r\n"
                            "Zie bijlage\r\n"
                            "--grens\r\n"
                            "Content-Type: application/octet-stream; name=\"dossier.txt\"\r\n"
                            "Content-Transfer-Encoding: x-uuencode\r\n"
                            "Content-Disposition: attachment; filename=\"dossier.txt\"\r\n"
                            "\r\n"
                            "begin 644 dossier.txt\r\n"
                            "L1&]S<VEE<B`T,CH@=75E;F-O9&4@=V5R:W0N#0I4=V5E9&4@<F5G96PN#0H`\r\n"
                            "`\r\n"
                            "end\r\n"
                            "--grens--\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);
    REQUIRE(tree.problems.empty());
    CHECK(leaf_at(tree, "2").data == "Dossier 42: uuencode werkt.\r\nTweede regel.\r\n");
    CHECK(leaf_at(tree, "2").filename == "dossier.txt");
}

TEST_CASE("a zip named .pdf with content type application/pdf is sniffed as zip", "[mime][tree][sniff]")
{
    const std::string zip = pm::test::make_zip({{"rijksregister.txt", "85.07.30-033.61\n"}});
    const MessageTree tree = pm::test::parse_tree(pm::test::build_mixed_message({}, "Zie bijlage\r\n",
        {pm::test::attachment("factuur.pdf", "application/pdf", zip)}));

    REQUIRE(tree.problems.empty());
    const Part& part = leaf_at(tree, "2");
    CHECK(part.filename == "factuur.pdf");
    CHECK(part.content_type == "application/pdf");
    CHECK(part.sniffed == SniffedType::zip);
    CHECK(part.data == zip);
}

TEST_CASE("a docx-like zip with [Content_Types].xml is sniffed as ooxml", "[mime][tree][sniff]")
{
    const std::string docx = pm::test::make_zip({
        {"[Content_Types].xml", "<Types/>"},
        {"word/document.xml", "<w:document/>"},
    });
    const MessageTree tree = pm::test::parse_tree(pm::test::build_mixed_message({}, "Zie bijlage\r\n",
        {pm::test::attachment("verslag.docx", "application/octet-stream", docx)}));
    CHECK(leaf_at(tree, "2").sniffed == SniffedType::ooxml);
}

TEST_CASE("40 nested multiparts exceed max_mime_depth and stop descending", "[mime][tree][limits]")
{
    const std::string raw = pm::test::build_message({}, nested_multiparts(40));
    const MessageTree tree = pm::test::parse_tree(raw);

    const auto* limit = limit_problem(tree, "max_mime_depth");
    REQUIRE(limit != nullptr);
    CHECK(limit->value == 33);
    CHECK(limit->maximum == 32);
    CHECK(tree.leaves.empty());   // the text sits at depth 40
    CHECK(tree.part_count == 34);  // depths 0..33: nothing past the first level too deep
}

TEST_CASE("1100 parts exceed max_parts and the walk stops", "[mime][tree][limits]")
{
    std::vector<MimeNode> children;
    for (int i = 0; i < 1100; ++i) {
        children.push_back(pm::test::text_part("deel " + std::to_string(i) + "\r\n"));
    }
    const MessageTree tree
        = pm::test::parse_tree(pm::test::build_message({}, pm::test::multipart("mixed", std::move(children))));

    const auto* limit = limit_problem(tree, "max_parts");
    REQUIRE(limit != nullptr);
    CHECK(limit->maximum == 1000);
    CHECK(tree.part_count == 1001);
    CHECK(tree.leaves.size() == 999);  // the root multipart counts as a part too
}

TEST_CASE("a message larger than max_message_bytes is not walked, but its headers are read",
    "[mime][tree][limits]")
{
    const std::string raw
        = pm::test::build_plain_message(with_subject("Te groot"), std::string(5000, 'x') + "\r\n");
    pm::Limits limits;
    limits.max_message_bytes = 1024;
    const MessageTree tree = pm::test::parse_tree(raw, limits);

    const auto* limit = limit_problem(tree, "max_message_bytes");
    REQUIRE(limit != nullptr);
    CHECK(limit->value == raw.size());
    CHECK(limit->maximum == 1024);
    CHECK(tree.leaves.empty());
    CHECK(tree.subject == "Te groot");
    CHECK(tree.recipients == std::vector<std::string>{"ontvanger@example.net"});
}

TEST_CASE("decoded bytes past max_decoded_bytes stop the walk", "[mime][tree][limits]")
{
    const std::string raw = pm::test::build_mixed_message({}, "Zie bijlagen\r\n",
        {pm::test::attachment("a.bin", "application/octet-stream", std::string(3000, 'a')),
            pm::test::attachment("b.bin", "application/octet-stream", std::string(3000, 'b'))});
    pm::Limits limits;
    limits.max_decoded_bytes = 4000;
    const MessageTree tree = pm::test::parse_tree(raw, limits);

    const auto* limit = limit_problem(tree, "max_decoded_bytes");
    REQUIRE(limit != nullptr);
    CHECK(limit->maximum == 4000);
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2"});
}

TEST_CASE("a run of empty parts too long for the part budget is refused before GMime builds it",
    "[mime][tree][limits]")
{
    std::string raw = "From: a@example.org\r\nTo: b@example.net\r\nSubject: veel delen\r\n"
                      "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < 10000; ++i) {
        raw += "--b\r\n\r\nx\r\n";
    }
    raw += "--b--\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);

    const auto* limit = limit_problem(tree, "max_delimiter_lines");
    REQUIRE(limit != nullptr);
    CHECK(limit->value == 10001);
    CHECK(limit->maximum == 8064);
    CHECK(tree.leaves.empty());
    CHECK(tree.part_count == 0);
    CHECK(tree.subject == "veel delen");
}

TEST_CASE("a header bomb is refused before GMime builds it", "[mime][tree][limits]")
{
    std::string raw = "From: a@example.org\r\nSubject: veel koppen\r\n";
    for (int i = 0; i < 70000; ++i) {
        raw += "X-H: y\r\n";
    }
    raw += "\r\nbody\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);

    const auto* limit = limit_problem(tree, "max_header_fields");
    REQUIRE(limit != nullptr);
    CHECK(limit->maximum == 65536);
    CHECK(tree.leaves.empty());
}

TEST_CASE("a large base64 attachment is not mistaken for structure", "[mime][tree][limits]")
{
    const std::string binary = all_byte_values(8192);  // 2 MiB
    const MessageTree tree = pm::test::parse_tree(pm::test::build_mixed_message({}, "Zie bijlage\r\n",
        {pm::test::attachment("groot.bin", "application/octet-stream", binary)}));
    CHECK(tree.problems.empty());
    CHECK(leaf_at(tree, "2").data == binary);
}

TEST_CASE("conflicting duplicate Content-Type headers are unparseable", "[mime][tree][hostile]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "Subject: twee types\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Type: multipart/mixed; boundary=\"x\"\r\n"
                            "\r\n"
                            "--x\r\n"
                            "Content-Type: application/zip\r\n"
                            "\r\n"
                            "verborgen\r\n"
                            "--x--\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);
    const auto reasons = unparseable_reasons(tree);
    REQUIRE_FALSE(reasons.empty());
    CHECK(mentions(reasons, "Content-Type"));
    CHECK_FALSE(mentions(reasons, "verborgen"));
}

TEST_CASE("conflicting duplicate parameters are unparseable", "[mime][tree][hostile]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed; boundary=\"een\"; boundary=\"twee\"\r\n"
                            "\r\n"
                            "--een\r\n"
                            "Content-Type: text/plain\r\n"
                            "\r\n"
                            "deel een\r\n"
                            "--twee\r\n"
                            "Content-Type: text/plain\r\n"
                            "\r\n"
                            "deel twee\r\n"
                            "--twee--\r\n"
                            "--een--\r\n";
    const auto reasons = unparseable_reasons(pm::test::parse_tree(raw));
    CHECK(mentions(reasons, "boundary"));
}

TEST_CASE("a multipart without boundary is unparseable", "[mime][tree][hostile]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed\r\n"
                            "\r\n"
                            "--x\r\n"
                            "Content-Type: text/plain\r\n"
                            "\r\n"
                            "tekst\r\n"
                            "--x--\r\n";
    const auto reasons = unparseable_reasons(pm::test::parse_tree(raw));
    CHECK(mentions(reasons, "without boundary"));
}

TEST_CASE("a multipart without its closing boundary is unparseable (truncated)", "[mime][tree][hostile]")
{
    std::string raw = pm::test::build_mixed_message({}, "tekst\r\n",
        {pm::test::attachment("a.bin", "application/octet-stream", "abc")});
    raw.resize(raw.rfind("--"));  // cut the final "--boundary--" line
    const auto reasons = unparseable_reasons(pm::test::parse_tree(raw));
    CHECK(mentions(reasons, "truncated"));
}

TEST_CASE("message/partial cannot be judged and is unparseable", "[mime][tree][hostile]")
{
    const std::string raw = "From: a@example.org\r\n"
                            "To: b@example.net\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: message/partial; id=\"abc@example.org\"; number=1; total=2\r\n"
                            "\r\n"
                            "Content-Type: text/plain\r\n"
                            "\r\n"
                            "eerste helft\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);
    CHECK(mentions(unparseable_reasons(tree), "message/partial"));
    CHECK(tree.leaves.empty());
}

TEST_CASE("headerless garbage is parsed without crashing", "[mime][tree][hostile]")
{
    std::string garbage;
    std::uint32_t state = 12345u;
    for (int i = 0; i < 20000; ++i) {
        state = state * 1103515245u + 12345u;
        garbage += static_cast<char>((state >> 16) & 0xFF);
    }
    auto tree = pm::mime::parse_message(garbage, {});
    REQUIRE(tree.has_value());
    CHECK((!tree->problems.empty() || !tree->leaves.empty()));
}

TEST_CASE("randomly damaged messages are parsed without crashing", "[mime][tree][hostile]")
{
    const std::string inner = pm::test::build_plain_message({}, "binnen\r\n");
    const std::string original = pm::test::build_alternative_message({}, "tekst\r\n", "<p>tekst</p>\r\n",
        {pm::test::rfc822_attachment(inner),
            pm::test::attachment("a.bin", "application/octet-stream", "abcdef")});
    std::uint32_t state = 7u;
    const auto next = [&] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    };
    for (int round = 0; round < 300; ++round) {
        std::string damaged = original;
        for (int edit = 0; edit < 8; ++edit) {
            const std::size_t at = next() % damaged.size();
            switch (next() % 3) {
            case 0: damaged[at] = static_cast<char>(next() & 0xFF); break;
            case 1: damaged.erase(at, next() % 16); break;
            default: damaged.insert(at, damaged.substr(next() % damaged.size(), next() % 64)); break;
            }
        }
        const auto tree = pm::mime::parse_message(damaged, {});
        REQUIRE(tree.has_value());
        for (const Part& part : tree->leaves) {
            CHECK(!part.path.empty());
        }
    }
}

TEST_CASE("top-level headers are listed in wire order, unfolded and raw", "[mime][tree][headers]")
{
    // Outlook folds msip_labels between its key=value pairs.
    const std::string label = "MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10";
    const std::string site = "a1b2c3d4-0000-4000-8000-123456789abc";
    const std::string folded = label + "_Enabled=true;\n " + label + "_SiteId=" + site + ";\n " + label
        + "_Name=Vertrouwelijk";
    const std::string labels = label + "_Enabled=true; " + label + "_SiteId=" + site + "; " + label
        + "_Name=Vertrouwelijk";
    pm::test::MessageHeaders headers;
    headers.extra = {{"msip_labels", folded}};
    const std::string raw = pm::test::build_plain_message(headers, "x\r\n");
    REQUIRE(raw.find("Enabled=true;\r\n MSIP_Label") != std::string::npos);
    REQUIRE(raw.find("msip_labels:") != std::string::npos);

    const MessageTree tree = pm::test::parse_tree(raw);
    CHECK(tree.header("MSIP_LABELS") == labels);
    CHECK(tree.header("content-type").starts_with("text/plain"));
    CHECK(tree.header("X-Not-There").empty());
    const auto at = [&](std::string_view name) {
        return std::ranges::find_if(tree.headers, [&](const pm::mime::Header& h) { return h.name == name; })
            - tree.headers.begin();
    };
    CHECK(at("From") < at("Subject"));
    CHECK(at("MIME-Version") < at("Content-Type"));
    for (const pm::mime::Header& header : tree.headers) {
        CHECK(header.value.find('\n') == std::string::npos);
    }
}

TEST_CASE("From and To/Cc/Bcc are reduced to addr-specs with groups flattened", "[mime][tree][headers]")
{
    const std::string raw = "From: \"Dr. Peeters, Jan\" <jan.peeters@ziekenhuis.example>\r\n"
                            "To: Intake <intake@ocmw.example>, Team: een@ocmw.example, twee@ocmw.example;\r\n"
                            "Cc: =?utf-8?q?Cli=C3=ABntendienst?= <dienst@ocmw.example>\r\n"
                            "Bcc: archief@ziekenhuis.example\r\n"
                            "Subject: adressen\r\n"
                            "\r\n"
                            "x\r\n";
    const MessageTree tree = pm::test::parse_tree(raw);
    CHECK(tree.from == std::vector<std::string>{"jan.peeters@ziekenhuis.example"});
    CHECK(tree.recipients
        == std::vector<std::string>{"intake@ocmw.example", "een@ocmw.example", "twee@ocmw.example",
            "dienst@ocmw.example", "archief@ziekenhuis.example"});
}

TEST_CASE("content id, inline disposition and charset are read as declared", "[mime][tree]")
{
    MimeNode image
        = pm::test::attachment("logo.png", "image/png", std::string("\x89PNG\r\n\x1A\n", 8) + "data");
    image.disposition = "inline";
    image.content_id = "logo123@example.org";
    MimeNode latin = pm::test::text_part("Cli\xEBnt\r\n");
    latin.charset = "ISO-8859-1";
    const MessageTree tree = pm::test::parse_tree(pm::test::build_message({},
        pm::test::multipart("related",
            {pm::test::html_part("<img src=\"cid:logo123@example.org\">"), image, latin})));

    REQUIRE(tree.problems.empty());
    CHECK(leaf_at(tree, "2").content_id == "logo123@example.org");
    CHECK(leaf_at(tree, "2").disposition == "inline");
    CHECK(leaf_at(tree, "2").sniffed == SniffedType::png);
    CHECK_FALSE(leaf_at(tree, "2").is_body);
    CHECK(leaf_at(tree, "3").charset == "iso-8859-1");
    CHECK(leaf_at(tree, "3").data == "Cli\xEBnt\r\n");
}
