// inspect(): real messages built with GMime, real archives made by zip/7zz, judged end to end.
#include "inspect/inspect.hpp"

#include "support/archive_tool.hpp"
#include "support/mime_builder.hpp"
#include "support/policy_fixture.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace pm;

namespace {

test::MessageHeaders referral_headers(const std::string& to = "socialedienst@tessenderlo-ham.be")
{
    test::MessageHeaders h;
    h.from = "An Peeters <an.peeters@kindengezin.be>";
    h.to = to;
    h.subject = "Verwijzing";
    return h;
}

Verdict judge(const std::string& message, const Policy& policy,
    const Envelope& envelope = test::envelope("an.peeters@kindengezin.be", {"socialedienst@tessenderlo-ham.be"}))
{
    auto verdict = inspect(envelope, message, test::ruleset_for(policy), test::in_force_time());
    REQUIRE(verdict.has_value());
    return *verdict;
}

std::vector<std::pair<std::string, std::string>> code_parts(const Verdict& v)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const Violation& x : v.violations) {
        out.emplace_back(std::string(to_string(x.code)), x.part);
    }
    std::ranges::sort(out);
    return out;
}

std::string docx_bytes()
{
    return test::make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}});
}

} // namespace

TEST_CASE("out-of-scope mail is accepted without reading the body", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    // Not even a message: the body is never parsed when no protocol can apply.
    const Verdict v = judge("\x01\x02 not mime at all", policy,
        test::envelope("an.peeters@kindengezin.be", {"jan@example.org"}));
    CHECK(v.action == Action::accept);
    CHECK(v.protocols.empty());
}

TEST_CASE("a plain docx to the registered mailbox is not encrypted, named by part and file", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string message = test::build_mixed_message(referral_headers(), "Beste, in bijlage.",
        {test::attachment("verwijzing.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_bytes())});
    const Verdict v = judge(message, policy);
    CHECK(v.action == Action::reject);
    CHECK(code_parts(v) == std::vector<std::pair<std::string, std::string>>{
              {"attachment.not_encrypted", "2 verwijzing.docx"}});
}

TEST_CASE("a value in both the text and the HTML form of a mail is reported once", "[inspect][detect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string message = test::build_alternative_message(referral_headers(),
        "Rijksregisternummer: 85.07.30-033.28\nBel de moeder op 0471 12 34 56.",
        "<p>Rijksregisternummer: <b>85.07.30</b>-033.28</p><p>Bel de moeder op 0471 12 34 56.</p>");
    const Verdict v = judge(message, policy);
    CHECK(code_parts(v) == std::vector<std::pair<std::string, std::string>>{
              {"data.cleartext_personal_data", "1"}, {"data.national_number", "1"}});
    // A value only the HTML form holds is still reported, at the HTML part.
    const std::string different = test::build_alternative_message(referral_headers(), "Zie de HTML-versie.",
        "<p>Rijksregisternummer: 85.07.30-033.28</p>");
    CHECK(code_parts(judge(different, policy)) == std::vector<std::pair<std::string, std::string>>{
              {"data.national_number", "2"}});
}

TEST_CASE("a forwarded message is a readable attachment, its text included", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string inner = test::build_plain_message(referral_headers("collega@kindengezin.be"), "Gezin X ...");
    const std::string message = test::build_forward_message(referral_headers(), "Zie onder.", inner);
    const Verdict v = judge(message, policy);
    REQUIRE(v.violations.size() == 1);
    CHECK(v.violations.front().code == ViolationCode::attachment_not_encrypted);
    CHECK(v.violations.front().part.starts_with("2/"));
}

TEST_CASE("a small inline image referenced by cid is decoration, an attached image is a scan", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    test::MimeNode logo = test::attachment("logo.png", "image/png", png);
    logo.disposition = "inline";
    logo.content_id = "logo@kindengezin.be";
    test::MimeNode related = test::multipart("related",
        {test::html_part("<p>Beste</p><img src=\"cid:logo@kindengezin.be\">"), logo});
    const std::string with_logo = test::build_message(referral_headers(), related);
    CHECK(judge(with_logo, policy).action == Action::accept);

    const std::string with_scan = test::build_mixed_message(
        referral_headers(), "Beste, de scan.", {test::attachment("scan.png", "image/png", png)});
    CHECK(code_parts(judge(with_scan, policy)) == std::vector<std::pair<std::string, std::string>>{
              {"attachment.not_encrypted", "2 scan.png"}});
}

TEST_CASE("an archive is classified by its bytes, not its name", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string zip = test::make_zip({{"verwijzing.txt", "Gezin X"}});
    const std::string message = test::build_mixed_message(
        referral_headers(), "Beste, de scan.", {test::attachment("scan.pdf", "application/pdf", zip)});
    const Verdict v = judge(message, policy);
    CHECK(code_parts(v) == std::vector<std::pair<std::string, std::string>>{{"attachment.not_encrypted", "2 scan.pdf"}});
    CHECK(v.violations.front().detail == "zip archive without encryption");
}

TEST_CASE("a message over the size limit is judged as limit exceeded, not parsed", "[inspect]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.limits.max_message_bytes = 1024;
    const std::string message = test::build_plain_message(referral_headers(), std::string(4096, 'x'));
    const Verdict v = judge(message, policy);
    REQUIRE(v.violations.size() == 1);
    CHECK(v.violations.front().code == ViolationCode::message_limit_exceeded);
    CHECK(v.violations.front().detail.find("max_message_bytes") != std::string::npos);
}

TEST_CASE("nesting deeper than the limit is message.limit_exceeded", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    test::MimeNode node = test::text_part("diep");
    for (int i = 0; i < 40; ++i) {
        node = test::multipart("mixed", {node});
    }
    const Verdict v = judge(test::build_message(referral_headers(), node), policy);
    REQUIRE_FALSE(v.violations.empty());
    CHECK(v.violations.front().code == ViolationCode::message_limit_exceeded);
    CHECK(v.action == Action::reject);
}

TEST_CASE("an ambiguous structure is message.unparseable for covered mail", "[inspect]")
{
    const Policy policy = test::two_protocol_policy();
    const std::string message = "From: an.peeters@kindengezin.be\r\nTo: socialedienst@tessenderlo-ham.be\r\n"
                                "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
                                "Content-Type: application/zip\r\n\r\nPK\r\n";
    const Verdict v = judge(message, policy);
    REQUIRE_FALSE(v.violations.empty());
    CHECK(v.violations.front().code == ViolationCode::message_unparseable);
}
