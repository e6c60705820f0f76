// The sender notice: an RFC 3464 report parsed back with GMime; who gets one; templates.
#include "mime/gmime_parse.hpp"
#include "mime/gobject_ptr.hpp"
#include "notice/sender_notice.hpp"
#include "report/explanation.hpp"
#include "support/dpo_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const Instant at = *parse_instant("2026-11-24T09:00:00Z");
const std::string body_marker = "De moeder is opgenomen in de psychiatrie.";
const std::string attachment_name = "medisch-verslag-moeder.docx";

notice::Templates shipped_templates(Language language)
{
    auto templates = notice::load_templates(fs::path(PM_SOURCE_DIR) / "rules" / "templates", language);
    INFO((templates ? std::string() : templates.error().front()));
    REQUIRE(templates.has_value());
    return *templates;
}

/// The notice parsed back with GMime: its parts' types and decoded texts.
struct ParsedNotice {
    std::string content_type;
    std::string report_type;
    std::string auto_submitted;
    std::string to;
    std::string subject;
    std::vector<std::string> part_types;
    std::vector<std::string> part_texts;
};

ParsedNotice parse_back(const std::string& text)
{
    using mime::adopt;
    mime::ensure_gmime_initialised();
    const auto stream = adopt(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
    const auto parser = adopt(g_mime_parser_new_with_stream(stream.get()));
    const auto message = adopt(g_mime_parser_construct_message(parser.get(), nullptr));
    REQUIRE(message != nullptr);
    ParsedNotice out;
    GMimeObject* top = g_mime_message_get_mime_part(message.get());
    REQUIRE(top != nullptr);
    const mime::GCharPtr type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(top)));
    out.content_type = type.get();
    const char* report_type = g_mime_object_get_content_type_parameter(top, "report-type");
    out.report_type = report_type != nullptr ? report_type : "";
    const char* auto_submitted = g_mime_object_get_header(GMIME_OBJECT(message.get()), "Auto-Submitted");
    out.auto_submitted = auto_submitted != nullptr ? auto_submitted : "";
    const mime::GCharPtr to(internet_address_list_to_string(g_mime_message_get_to(message.get()), nullptr, FALSE));
    out.to = to.get();
    out.subject = g_mime_message_get_subject(message.get());
    REQUIRE(GMIME_IS_MULTIPART(top));
    GMimeMultipart* multipart = GMIME_MULTIPART(top);
    for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        const mime::GCharPtr part_type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(part)));
        out.part_types.emplace_back(part_type.get());
        REQUIRE(GMIME_IS_PART(part));
        GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
        const auto decoded = adopt(g_mime_stream_mem_new());
        g_mime_data_wrapper_write_to_stream(content, decoded.get());
        GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded.get()));
        out.part_texts.emplace_back(reinterpret_cast<const char*>(bytes->data), bytes->len);
    }
    return out;
}

} // namespace

TEST_CASE("the notice is a multipart/report with the human text, the delivery status and the headers only",
    "[notice][dsn]")
{
    test::DpoWorld world;
    world.policy.gateway.language = Language::nl_en;
    const auto incident = test::special_category_incident(at);
    const std::string original = test::special_category_message(body_marker, attachment_name);
    const auto notice = notice::build_notice(world.policy, shipped_templates(Language::nl_en), incident, original, at);
    REQUIRE(notice.has_value());
    const ParsedNotice parsed = parse_back(*notice);

    CHECK(parsed.content_type == "multipart/report");
    CHECK(parsed.report_type == "delivery-status");
    CHECK(parsed.auto_submitted == "auto-replied");
    CHECK(parsed.to == "jan.peeters@opgroeien.be");
    CHECK(parsed.subject.find(incident.id) != std::string::npos);
    REQUIRE(parsed.part_types == std::vector<std::string> { "text/plain", "message/delivery-status", "text/rfc822-headers" });

    const std::string& human = parsed.part_texts[0];
    CHECK(human.find("werd NIET verstuurd") != std::string::npos);
    CHECK(human.find("was NOT sent") != std::string::npos);  // nl+en: English after the Dutch
    CHECK(human.find("Dutch") == std::string::npos);
    CHECK(human.find(incident.id) != std::string::npos);
    CHECK(human.find("functionaris voor gegevensbescherming") != std::string::npos);
    CHECK(human.find("- In de berichttekst (onderdeel 1) staan mogelijk gevoelige gegevens") != std::string::npos);
    CHECK(human.find("Doorverwijzing gezin") != std::string::npos);  // the subject placeholder
    CHECK(human.find("dpo@opgroeien.be") != std::string::npos);
    CHECK(human.find("privacy@tessenderlo-ham.be") == std::string::npos);  // the sender's own DPO only

    const std::string& status = parsed.part_texts[1];
    CHECK(status.find("Reporting-MTA: dns; gateway.opgroeien.be") != std::string::npos);
    CHECK(status.find("Final-Recipient: rfc822; socialedienst@tessenderlo-ham.be") != std::string::npos);
    CHECK(status.find("Action: failed") != std::string::npos);
    CHECK(status.find("Status: 5.7.1") != std::string::npos);
    CHECK(status.find("Diagnostic-Code: smtp; 550 5.7.1 data.special_category") != std::string::npos);

    const std::string& headers = parsed.part_texts[2];
    CHECK(headers.find("Subject: Doorverwijzing gezin") != std::string::npos);
    CHECK(headers.find("Message-Id: <test-message@example.org>") != std::string::npos);
    CHECK(headers.find("Content-Type: multipart/mixed") != std::string::npos);
    CHECK(headers.find("boundary") == std::string::npos);

    // Never the body, never an attachment or its name, anywhere in the notice.
    CHECK(notice->find(body_marker) == std::string::npos);
    CHECK(notice->find("psychiatrie") == std::string::npos);
    CHECK(notice->find(attachment_name) == std::string::npos);
    CHECK(notice->find("not really a docx") == std::string::npos);
}

TEST_CASE("a single-part message's attachment name does not reach the notice through its headers", "[notice][dsn]")
{
    test::DpoWorld world;
    const std::string original = "From: jan.peeters@opgroeien.be\r\nTo: socialedienst@tessenderlo-ham.be\r\n"
                                 "Subject: verslag\r\nContent-Type: application/pdf; name=\"dossier-moeder.pdf\"\r\n"
                                 "Content-Disposition: attachment;\r\n filename=\"dossier-moeder.pdf\"\r\n"
                                 "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n";
    const auto notice = notice::build_notice(world.policy, shipped_templates(Language::nl),
        test::special_category_incident(at), original, at);
    REQUIRE(notice.has_value());
    CHECK(notice->find("dossier-moeder") == std::string::npos);
    CHECK(notice->find("JVBERi0xLjQK") == std::string::npos);
    CHECK(notice->find("Content-Type: application/pdf") != std::string::npos);
}

TEST_CASE("a violation in a named attachment reaches the notice as its part number and type, not its name",
    "[notice][dsn]")
{
    test::DpoWorld world;
    auto incident = test::special_category_incident(at);
    Violation in_attachment = incident.violations.front();
    in_attachment.part = "2 " + attachment_name;
    incident.violations.push_back(in_attachment);
    Violation in_archive = in_attachment;
    in_archive.code = ViolationCode::attachment_not_encrypted;
    in_archive.part = "3/1 archief.zip/dossier Peeters.PDF";
    incident.violations.push_back(in_archive);
    const std::string original = test::special_category_message(body_marker, attachment_name);
    const auto notice = notice::build_notice(world.policy, shipped_templates(Language::nl), incident, original, at);
    REQUIRE(notice.has_value());
    const std::string human = parse_back(*notice).part_texts.at(0);
    CHECK(human.find("- In 2 (.docx) staan mogelijk gevoelige gegevens") != std::string::npos);
    CHECK(human.find("- Bijlage 3/1 (.pdf) is niet versleuteld") != std::string::npos);
    CHECK(notice->find("medisch-verslag") == std::string::npos);
    CHECK(notice->find("Peeters.PDF") == std::string::npos);
    CHECK(notice->find("archief.zip") == std::string::npos);
    CHECK(notice->find("dia*****") == std::string::npos);
}

TEST_CASE("for_sender drops the evidence and every file name of a part", "[notice][explanation]")
{
    Violation v;
    v.code = ViolationCode::attachment_not_encrypted;
    v.evidence = "Jan J******";
    const auto part_for_sender = [&](std::string part) {
        v.part = std::move(part);
        const Violation shown = for_sender(v);
        CHECK(shown.evidence.empty());
        CHECK(shown.code == v.code);
        return shown.part;
    };
    CHECK(part_for_sender("2 verslag Jan Janssens.docx") == "2 2 (.docx)");
    CHECK(part_for_sender("2/1 archief.zip/dossier Peeters.PDF") == "2/1 2/1 (.pdf)");
    CHECK(part_for_sender("3 geen-extensie") == "3 3");
    CHECK(part_for_sender("4 .verborgen") == "4 4");
    CHECK(part_for_sender("5 naam.met spatie en een heel-lange-extensie") == "5 5");
    CHECK(part_for_sender("1") == "1");
    CHECK(part_for_sender("subject") == "subject");
    CHECK(part_for_sender("").empty());
}

TEST_CASE("a notice goes through sendmail from the null sender to the envelope sender", "[notice][send]")
{
    test::DpoWorld world;
    const auto templates = shipped_templates(Language::nl);
    notice::RateLimiter limiter(5, std::chrono::minutes(60));
    const auto incident = test::special_category_incident(at);
    const auto outcome = notice::send_if_due(world.policy, templates, limiter, incident,
        test::special_category_message(body_marker, attachment_name), at);
    REQUIRE(outcome.has_value());
    CHECK(*outcome == notice::Outcome::sent);
    const auto sent = world.sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].argv == std::vector<std::string> { "-G", "-i", "-f", "<>", "--", "jan.peeters@opgroeien.be" });
    CHECK(parse_back(sent[0].input).report_type == "delivery-status");
}

TEST_CASE("no notice to the null sender or to a sender outside the discloser domains", "[notice][send]")
{
    test::DpoWorld world;
    const auto templates = shipped_templates(Language::nl);
    notice::RateLimiter limiter(5, std::chrono::minutes(60));
    const std::string original = test::special_category_message(body_marker, attachment_name);
    CHECK(*notice::send_if_due(world.policy, templates, limiter, test::special_category_incident(at, ""), original, at)
        == notice::Outcome::null_sender);
    CHECK(*notice::send_if_due(world.policy, templates, limiter, test::special_category_incident(at, "<>"), original, at)
        == notice::Outcome::null_sender);
    CHECK(*notice::send_if_due(world.policy, templates, limiter,
              test::special_category_incident(at, "someone@gmail.com"), original, at)
        == notice::Outcome::outside_disclosers);
    CHECK(*notice::send_if_due(world.policy, templates, limiter,
              test::special_category_incident(at, "x@opgroeien.be.evil.example"), original, at)
        == notice::Outcome::outside_disclosers);
    world.policy.gateway.dpo.notice.enabled = false;
    CHECK(*notice::send_if_due(world.policy, templates, limiter, test::special_category_incident(at), original, at)
        == notice::Outcome::disabled);
    CHECK(world.sent().empty());
}

TEST_CASE("notices are limited per sender within the window", "[notice][rate]")
{
    test::DpoWorld world;
    const auto templates = shipped_templates(Language::nl);
    notice::RateLimiter limiter(2, std::chrono::minutes(60));
    const std::string original = test::special_category_message(body_marker, attachment_name);
    auto send = [&](const std::string& sender, Instant when) {
        return *notice::send_if_due(world.policy, templates, limiter, test::special_category_incident(when, sender), original, when);
    };
    CHECK(send("jan.peeters@opgroeien.be", at) == notice::Outcome::sent);
    CHECK(send("Jan.Peeters+x@opgroeien.be", at + std::chrono::minutes(1)) == notice::Outcome::sent);
    CHECK(send("jan.peeters@opgroeien.be", at + std::chrono::minutes(2)) == notice::Outcome::rate_limited);
    CHECK(send("an.janssens@opgroeien.be", at + std::chrono::minutes(2)) == notice::Outcome::sent);
    CHECK(send("jan.peeters@opgroeien.be", at + std::chrono::minutes(61)) == notice::Outcome::sent);
    CHECK(world.sent().size() == 4);
}

TEST_CASE("the rate limiter's memory is bounded", "[notice][rate]")
{
    notice::RateLimiter limiter(1, std::chrono::minutes(60), 3);
    CHECK(limiter.allow("a", at));
    CHECK(limiter.allow("b", at));
    CHECK(limiter.allow("c", at));
    CHECK_FALSE(limiter.allow("d", at));  // all three still active: refuse rather than grow
    CHECK(limiter.allow("d", at + std::chrono::minutes(61)));  // the idle ones are forgotten
}

TEST_CASE("a failing sendmail command is an error for the caller to log", "[notice][send]")
{
    test::DpoWorld world;
    world.install_sendmail(75);
    notice::RateLimiter limiter(5, std::chrono::minutes(60));
    const auto outcome = notice::send_if_due(world.policy, shipped_templates(Language::nl), limiter,
        test::special_category_incident(at), test::special_category_message(body_marker, attachment_name), at);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message.find("exit status 75") != std::string::npos);
    CHECK(outcome.error().message.find("queue file write error") != std::string::npos);
}

TEST_CASE("template problems are reported as file:line:col", "[notice][templates]")
{
    const auto bad = notice::parse_template("Subject: Bericht {{ref}}\n\nBeste {{naam}},\nzie {{violations}\n", "t.txt");
    REQUIRE_FALSE(bad.has_value());
    REQUIRE(bad.error().size() == 2);
    CHECK(bad.error()[0].starts_with("t.txt:3:7: unknown placeholder {{naam}}"));
    CHECK(bad.error()[1].starts_with("t.txt:4:5: unclosed placeholder"));
    const auto no_subject = notice::parse_template("Beste,\n", "u.txt");
    REQUIRE_FALSE(no_subject.has_value());
    CHECK(no_subject.error()[0].starts_with("u.txt:1:1:"));

    test::TempDir dir;
    std::ofstream(dir.path() / "notice.nl.txt") << "Subject: ok\n\n{{ref}}\n";
    const auto missing_en = notice::load_templates(dir.path(), Language::nl_en);
    REQUIRE_FALSE(missing_en.has_value());
    CHECK(missing_en.error()[0].find("notice.en.txt") != std::string::npos);
    CHECK(notice::load_templates(dir.path(), Language::nl).has_value());
}

TEST_CASE("placeholders are substituted and other braces are left alone", "[notice][templates]")
{
    const auto t = notice::parse_template("Subject: {{ref}}\n\n{ref} {{ref}}{{date}}\n", "t.txt");
    REQUIRE(t.has_value());
    CHECK(notice::render(t->body, { { "ref", "PM-1" }, { "date", "D" } }) == "{ref} PM-1D\n");
    CHECK(notice::render(t->subject, { { "ref", "PM-1" } }) == "PM-1");
}
