// The daemon's Session driven through a fake MTA with real GMime-built messages and real 7zz
// archives: fast path, verdicts carried out, buffering, limits, several messages, aborts.
#include "daemon/session.hpp"

#include "core/incident.hpp"
#include "daemon/reply_text.hpp"
#include "support/archive_tool.hpp"
#include "support/fake_milter.hpp"
#include "support/mime_builder.hpp"
#include "support/policy_fixture.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

using namespace pm;
using milter::Step;

namespace {

const std::string sender = "an.peeters@kindengezin.be";
const std::string mailbox = "socialedienst@tessenderlo-ham.be";

test::MessageHeaders referral_headers()
{
    test::MessageHeaders h;
    h.from = "An Peeters <" + sender + ">";
    h.to = mailbox;
    h.subject = "Verwijzing";
    return h;
}

std::string docx()
{
    return test::make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}});
}

/// A compliant referral: an AES-256 7z with encrypted names, the password elsewhere.
std::string compliant_referral(const test::MessageHeaders& headers = referral_headers())
{
    static const std::string archive = test::make_7z({{"verwijzing.docx", docx()}}, "Zomer-Regen-42!", true);
    return test::build_mixed_message(headers, "Beste, in bijlage de verwijzing. Wachtwoord volgt telefonisch.",
        {test::attachment("verwijzing.7z", "application/x-7z-compressed", archive)});
}

/// A readable attachment whose file name and text hold a client's name and national number.
std::string leaking_referral()
{
    return test::build_mixed_message(referral_headers(), "Beste, zie bijlage.",
        {test::attachment("verslag Jan Janssens.txt", "text/plain",
            "Jan Janssens, rijksregisternummer 85.07.30-033.28, Kerkstraat 5, 3500 Hasselt.")});
}

bool is_ascii_line(const std::string& line)
{
    return std::ranges::all_of(line, [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7F;
    });
}

/// Every '%' is part of a "%%" pair.
bool percent_escaped(const std::string& line)
{
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '%') {
            if (i + 1 >= line.size() || line[i + 1] != '%') {
                return false;
            }
            ++i;
        }
    }
    return true;
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& l : lines) {
        out += l + "\n";
    }
    return out;
}

/// Captures the default spdlog logger's output for one test.
class LogCapture {
public:
    explicit LogCapture(spdlog::level::level_enum level = spdlog::level::info)
        : m_previous(spdlog::default_logger())
    {
        auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(m_out));
        logger->set_pattern("%l %v");
        logger->set_level(level);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(m_previous); }
    std::string text() const { return m_out.str(); }

private:
    std::ostringstream m_out;
    std::shared_ptr<spdlog::logger> m_previous;
};

} // namespace

TEST_CASE("mail no protocol can apply to is accepted at DATA, before headers and body", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    h.envelope(sender, {"jan@example.org"});
    CHECK(h.session.on_data(h.actions) == Step::accept);
    CHECK_FALSE(h.session.has_message());
    CHECK(h.state.fast_path == 1);
    CHECK(h.state.in_flight == 0);
    CHECK(h.actions.added_headers.empty());
    CHECK_FALSE(h.actions.reply.has_value());
}

TEST_CASE("without a DATA step the fast path answers at the end of the headers", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    h.envelope("iemand@example.org", {mailbox});
    CHECK(h.message(compliant_referral(), false) == Step::accept);
    CHECK(h.state.fast_path == 1);
    CHECK(h.state.judged == 0);
}

TEST_CASE("a compliant covered message is accepted with the check header", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    CHECK(h.send(sender, {mailbox}, compliant_referral()) == Step::accept);
    REQUIRE(h.actions.added_headers.size() == 1);
    const auto& [name, value] = h.actions.added_headers.front();
    CHECK(name == "X-Protocol-Check");
    const std::string prefix = "pass; protocol=opgroeien-tessenderlo-ham; ref=";
    REQUIRE(value.starts_with(prefix));
    CHECK(is_incident_ref(value.substr(prefix.size())));
    CHECK(h.actions.deleted_headers.empty());
    CHECK(h.state.judged == 1);
}

TEST_CASE("copies of the check header the sender wrote are removed before ours is added", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    test::MessageHeaders headers = referral_headers();
    headers.extra = {{"X-Protocol-Check", "pass; protocol=vals"}, {"x-protocol-check", "pass"}};
    CHECK(h.send(sender, {mailbox}, compliant_referral(headers)) == Step::accept);
    CHECK(h.actions.deleted_headers
        == std::vector<std::pair<std::string, int>>{{"X-Protocol-Check", 2}, {"X-Protocol-Check", 1}});
    CHECK(h.actions.added_headers.size() == 1);
}

TEST_CASE("a rejected message gets a 550 5.7.1 reply in Dutch without personal data", "[milter][session][reply]")
{
    test::SessionHarness h(test::two_protocol_policy());
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::reject);
    REQUIRE(h.actions.reply.has_value());
    const auto& reply = *h.actions.reply;
    CHECK(reply.rcode == "550");
    CHECK(reply.xcode == "5.7.1");
    REQUIRE(reply.lines.size() >= 2);
    CHECK(reply.lines.size() <= milter::max_reply_lines);
    INFO(joined(reply.lines));
    CHECK(reply.lines[0].find("Opgroeien regie -> OCMW Tessenderlo-Ham") != std::string::npos);
    CHECK(reply.lines[0].find("referentie PM-20260302-") != std::string::npos);
    const std::string all = joined(reply.lines);
    CHECK(all.find("Bijlage 2 (.txt) is niet versleuteld") != std::string::npos);
    CHECK(all.find("rijksregisternummer") != std::string::npos);
    for (const std::string& line : reply.lines) {
        CHECK(line.size() < 512);
        CHECK(is_ascii_line(line));
        CHECK(percent_escaped(line));
    }
    // Neither the client's name (also in the file name) nor the number, not even in part.
    for (const std::string personal : {"Janssens", "Jan ", "85.07.30", "033.28", "Kerkstraat", "verslag"}) {
        CHECK(all.find(personal) == std::string::npos);
    }
    CHECK(h.actions.added_headers.empty());
}

TEST_CASE("a '%' in a protocol title is doubled in the reply", "[milter][session][reply]")
{
    Policy policy = test::two_protocol_policy();
    policy.protocols[0].title = "Protocol 100% veilig\r\nX-Injected: ja";
    test::SessionHarness h(policy);
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::reject);
    REQUIRE(h.actions.reply.has_value());
    const std::string& first = h.actions.reply->lines.front();
    CHECK(first.find("'Protocol 100%% veilig  X-Injected: ja'") != std::string::npos);
    CHECK(percent_escaped(first));
}

TEST_CASE("a reply with many violations stops at 32 lines and says how many are left", "[milter][session][reply]")
{
    test::SessionHarness h(test::two_protocol_policy());
    std::vector<test::MimeNode> attachments;
    for (int i = 0; i < 40; ++i) {
        attachments.push_back(test::attachment(fmt::format("nota{}.txt", i), "text/plain", "Een korte nota."));
    }
    CHECK(h.send(sender, {mailbox}, test::build_mixed_message(referral_headers(), "Beste,", attachments)) == Step::reject);
    REQUIRE(h.actions.reply.has_value());
    const auto& lines = h.actions.reply->lines;
    CHECK(lines.size() == 32);
    CHECK(lines.back().starts_with("En nog 10 andere problemen"));
}

TEST_CASE("language nl+en adds English lines after the Dutch ones within the limits", "[milter][session][reply]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.language = Language::nl_en;
    test::SessionHarness h(policy);
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::reject);
    REQUIRE(h.actions.reply.has_value());
    const auto& lines = h.actions.reply->lines;
    INFO(joined(lines));
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0].starts_with("Geweigerd"));
    CHECK(lines[1].starts_with("Rejected"));
    CHECK(lines[2].starts_with("Bijlage 2 (.txt)"));
    CHECK(lines[3].starts_with("Attachment 2 (.txt)"));
    CHECK(lines.size() <= 32);
}

TEST_CASE("special-category data is put on hold with a short reason and accepted", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    const std::string message = test::build_plain_message(referral_headers(),
        "Beste, de moeder is zwanger en lijdt aan een depressie. Graag opvolging.");
    CHECK(h.send(sender, {mailbox}, message) == Step::accept);
    REQUIRE(h.actions.quarantine_reason.has_value());
    const std::string& reason = *h.actions.quarantine_reason;
    CHECK(reason.size() < 100);
    CHECK(reason.find("ref=PM-") != std::string::npos);
    CHECK(reason.find("data.special_category") != std::string::npos);
    CHECK(reason.find("zwanger") == std::string::npos);
    REQUIRE(h.actions.added_headers.size() == 1);
    CHECK(h.actions.added_headers.front().second.starts_with("held; protocol=opgroeien-tessenderlo-ham; ref=PM-"));
}

TEST_CASE("when the MTA refuses the hold the message is refused temporarily, never accepted", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    h.actions.refuse_quarantine = true;
    const std::string message
        = test::build_plain_message(referral_headers(), "Beste, de moeder is zwanger en lijdt aan een depressie.");
    CHECK(h.send(sender, {mailbox}, message) == Step::tempfail);
    REQUIRE(h.actions.reply.has_value());
    CHECK(h.actions.reply->rcode == "451");
    CHECK(h.actions.reply->xcode == "4.7.1");
}

TEST_CASE("running out of the time budget is a 451 temporary failure", "[milter][session]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.limits.time_budget = std::chrono::milliseconds{0};
    policy.gateway.limits.password_budget = std::chrono::milliseconds{0};
    test::SessionHarness h(policy);
    CHECK(h.send(sender, {mailbox}, compliant_referral()) == Step::tempfail);
    REQUIRE(h.actions.reply.has_value());
    CHECK(h.actions.reply->rcode == "451");
    CHECK(h.actions.reply->xcode == "4.7.1");
    REQUIRE(h.actions.reply->lines.size() == 1);
    CHECK(h.actions.reply->lines[0].starts_with("Tijdelijke fout bij de protocolcontrole (referentie PM-"));
    CHECK(h.actions.added_headers.empty());
}

TEST_CASE("a spool directory that cannot take the message is a 451 temporary failure", "[milter][session]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.milter.spool_dir = "/nonexistent/protocol-milter-spool";
    policy.gateway.milter.memory_buffer_bytes = 64 * 1024;
    test::SessionHarness h(policy, test::postfix_negotiated(), true);
    const std::string big = test::build_mixed_message(referral_headers(), "Beste,",
        {test::attachment("verwijzing.7z", "application/x-7z-compressed", std::string(200 * 1024, 'x'))});
    CHECK(h.send(sender, {mailbox}, big) == Step::tempfail);
    REQUIRE(h.actions.reply.has_value());
    CHECK(h.actions.reply->rcode == "451");
    CHECK_FALSE(h.session.has_message());
    CHECK(h.state.in_flight == 0);
}

TEST_CASE("a message above memory_buffer_bytes spills to a 0600 file that leaves nothing behind", "[milter][session]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.milter.memory_buffer_bytes = 64 * 1024;
    test::SessionHarness h(policy);
    const std::string message = test::build_mixed_message(referral_headers(), std::string(300 * 1024, 'a') + " Beste,",
        {test::attachment("verwijzing.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            docx())});
    h.envelope(sender, {mailbox});
    REQUIRE(h.session.on_data(h.actions) == Step::next);
    for (const auto& [name, value] : test::postfix_header_fields(message, true)) {
        REQUIRE(h.session.on_header(h.actions, name, value) == Step::no_reply);
    }
    REQUIRE(h.session.on_eoh(h.actions) == Step::next);
    const std::string body = test::message_body(message);
    for (std::size_t at = 0; at < body.size(); at += 65535) {
        REQUIRE(h.session.on_body(h.actions, std::string_view(body).substr(at, 65535)) == Step::next);
    }
    REQUIRE(h.session.buffer() != nullptr);
    CHECK(h.session.buffer()->spilled());
    CHECK(h.session.buffer()->spill_mode() == std::optional<mode_t>(0600));
    CHECK(h.session.buffer()->size() == message.size());
    CHECK(h.spool_files().empty());  // unlinked as soon as it was made
    const auto bytes = h.session.buffer()->view();
    REQUIRE(bytes.has_value());
    CHECK(*bytes == message);
    CHECK(h.session.on_eom(h.actions) == Step::reject);
    CHECK(h.session.buffer() == nullptr);
    CHECK(h.spool_files().empty());
}

TEST_CASE("a message above max_message_bytes is message.limit_exceeded and the rest is skipped", "[milter][session]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.limits.max_message_bytes = 1 << 20;
    test::SessionHarness h(policy);
    const std::string message = test::build_mixed_message(referral_headers(), "Beste,",
        {test::attachment("verwijzing.7z", "application/x-7z-compressed", std::string(3 << 20, 'z'))});
    LogCapture log;
    h.envelope(sender, {mailbox});
    REQUIRE(h.session.on_data(h.actions) == Step::next);
    for (const auto& [name, value] : test::postfix_header_fields(message, true)) {
        h.session.on_header(h.actions, name, value);
    }
    REQUIRE(h.session.on_eoh(h.actions) == Step::next);
    const std::string body = test::message_body(message);
    std::size_t sent = 0;
    Step step = Step::next;
    while (sent < body.size() && step == Step::next) {
        step = h.session.on_body(h.actions, std::string_view(body).substr(sent, 65535));
        sent += 65535;
    }
    CHECK(step == Step::skip);
    CHECK(sent < body.size());
    CHECK(h.session.buffer()->size() == 0);  // nothing kept past the limit
    CHECK(h.session.on_eom(h.actions) == Step::reject);
    REQUIRE(h.actions.reply.has_value());
    CHECK(joined(h.actions.reply->lines).find("te groot") != std::string::npos);
    CHECK(log.text().find("codes=message.limit_exceeded") != std::string::npos);
}

TEST_CASE("several messages on one connection are judged independently", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::reject);
    // The same recipient from outside the discloser: nothing of the first envelope remains.
    CHECK(h.send("iemand@example.org", {mailbox}, leaking_referral()) == Step::accept);
    CHECK(h.actions.added_headers.empty());
    CHECK(h.send(sender, {mailbox}, compliant_referral()) == Step::accept);
    CHECK(h.actions.added_headers.size() == 1);
    CHECK(h.state.judged == 2);
    CHECK(h.state.fast_path == 1);
    CHECK(h.state.in_flight == 0);
}

TEST_CASE("an abort in the middle of the body forgets the message and its spool file", "[milter][session]")
{
    Policy policy = test::two_protocol_policy();
    policy.gateway.milter.memory_buffer_bytes = 64 * 1024;
    test::SessionHarness h(policy);
    h.envelope(sender, {mailbox});
    REQUIRE(h.session.on_data(h.actions) == Step::next);
    REQUIRE(h.session.on_eoh(h.actions) == Step::next);
    REQUIRE(h.session.on_body(h.actions, std::string(100 * 1024, 'b')) == Step::next);
    REQUIRE(h.session.buffer()->spilled());
    CHECK(h.state.in_flight == 1);
    h.session.on_abort();
    CHECK_FALSE(h.session.has_message());
    CHECK(h.state.in_flight == 0);
    CHECK(h.spool_files().empty());
    // The next message on the connection starts clean.
    CHECK(h.send(sender, {mailbox}, compliant_referral()) == Step::accept);
    CHECK(h.actions.added_headers.size() == 1);
}

TEST_CASE("a message keeps the rules it started with when the rules are reloaded", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    h.envelope(sender, {mailbox});
    Policy reloaded = test::two_protocol_policy();
    reloaded.gateway.discloser_domains = {"opgroeien.be"};  // kindengezin.be no longer discloses
    h.store.replace(std::make_shared<const Ruleset>(test::ruleset_for(reloaded)));
    CHECK(h.message(leaking_referral()) == Step::reject);
    // The next message sees the new rules: outside every protocol now.
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::accept);
    CHECK(h.state.fast_path == 1);
}

TEST_CASE("header fields are rebuilt byte for byte, with and without the leading space", "[milter][session]")
{
    test::MessageHeaders headers = referral_headers();
    headers.extra = {{"X-Folded", "eerste regel\n\ttweede regel\n  derde"}, {"X-Tight", ""}};
    const std::string message = compliant_referral(headers);
    const std::string head = message.substr(0, message.find("\r\n\r\n") + 4);
    for (const bool leading : {true, false}) {
        milter::Negotiated n = test::postfix_negotiated();
        n.header_leading_space = leading;
        test::SessionHarness h(test::two_protocol_policy(), n);
        h.envelope(sender, {mailbox});
        REQUIRE(h.session.on_data(h.actions) == Step::next);
        for (const auto& [name, value] : test::postfix_header_fields(message, leading)) {
            h.session.on_header(h.actions, name, value);
        }
        REQUIRE(h.session.on_eoh(h.actions) == Step::next);
        const auto bytes = h.session.buffer()->view();
        REQUIRE(bytes.has_value());
        INFO("leading space kept: " << leading);
        if (leading) {
            CHECK(*bytes == head);
        } else {
            // Without SMFIP_HDR_LEADSPC one space after each colon is assumed.
            CHECK(bytes->find("X-Folded: eerste regel\r\n\ttweede regel\r\n  derde\r\n") != std::string_view::npos);
        }
    }
}

TEST_CASE("guarded() turns an exception into a 451 reply, or into a failure at the next answer", "[milter][session]")
{
    test::SessionHarness h(test::two_protocol_policy());
    const auto boom = [](milter::Session&) -> Step { throw std::runtime_error("simulated failure"); };
    h.envelope(sender, {mailbox});
    CHECK(milter::guarded(h.actions, &h.session, true, boom) == Step::tempfail);
    REQUIRE(h.actions.reply.has_value());
    CHECK(h.actions.reply->rcode == "451");
    CHECK_FALSE(h.session.has_message());

    // A header step the MTA does not wait for: the failure is answered at end of headers.
    h.actions.clear_requests();
    h.envelope(sender, {mailbox});
    REQUIRE(h.session.on_data(h.actions) == Step::next);
    CHECK(milter::guarded(h.actions, &h.session, false, boom) == Step::no_reply);
    CHECK(h.session.on_eoh(h.actions) == Step::tempfail);
    CHECK(h.actions.reply->rcode == "451");
    CHECK(milter::guarded(h.actions, nullptr, true, boom) == Step::tempfail);
}

TEST_CASE("the decision log names codes and the sender's domain, never personal data", "[milter][session][log]")
{
    test::SessionHarness h(test::two_protocol_policy());
    LogCapture log;
    CHECK(h.send(sender, {mailbox}, leaking_referral()) == Step::reject);
    const std::string text = log.text();
    INFO(text);
    CHECK(text.find("info queue_id=4XyZ1A2B3C ref=PM-20260302-") != std::string::npos);
    CHECK(text.find("protocol=opgroeien-tessenderlo-ham verdict=reject codes=attachment.not_encrypted,"
                    "data.national_number,data.cleartext_personal_data size=")
        != std::string::npos);
    CHECK(text.find("sender_domain=kindengezin.be auth=no") != std::string::npos);
    for (const std::string& personal : {sender, std::string("Janssens"), std::string("85.07.30"), std::string("verslag"),
             std::string("Verwijzing"), mailbox}) {
        CHECK(text.find(personal) == std::string::npos);
    }
}

TEST_CASE("fast-path accepts are logged at debug level only", "[milter][session][log]")
{
    test::SessionHarness h(test::two_protocol_policy());
    {
        LogCapture info;
        h.envelope(sender, {"jan@example.org"});
        CHECK(h.session.on_data(h.actions) == Step::accept);
        CHECK(info.text().empty());
    }
    LogCapture debug(spdlog::level::debug);
    h.envelope(sender, {"jan@example.org"});
    CHECK(h.session.on_data(h.actions) == Step::accept);
    CHECK(debug.text().find("debug queue_id=4XyZ1A2B3C verdict=accept fast_path=yes") != std::string::npos);
}

TEST_CASE("reply text is folded to ASCII, stripped of line breaks, '%'-escaped and capped", "[milter][reply]")
{
    CHECK(milter::smtp_safe("cliënt één") == "client een");
    CHECK(milter::smtp_safe("a\r\nb") == "a  b");
    CHECK(milter::smtp_safe("100% zeker") == "100%% zeker");
    CHECK(milter::smtp_safe("\xff\xfe") == "??");
    const std::string capped = milter::smtp_safe(std::string(1000, '%'), 400);
    CHECK(capped.size() <= 400);
    CHECK(capped.ends_with("..."));
    CHECK(percent_escaped(capped.substr(0, capped.size() - 3)));
}

TEST_CASE("parts are named by position and type, never by file name", "[milter][reply]")
{
    CHECK(milter::part_without_name("2 verslag Jan Janssens.docx") == "2 2 (.docx)");
    CHECK(milter::part_without_name("2/1 archief.zip/dossier Peeters.PDF") == "2/1 2/1 (.pdf)");
    CHECK(milter::part_without_name("3 geen-extensie") == "3 3");
    CHECK(milter::part_without_name("1") == "1");
    CHECK(milter::part_without_name("subject") == "subject");
}
