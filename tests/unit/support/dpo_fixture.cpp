// The DPO-side test world: state dir, policy, fake sendmail.
#include "support/dpo_fixture.hpp"

#include "core/incident.hpp"
#include "support/mime_builder.hpp"
#include "support/policy_fixture.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace pm::test {

namespace fs = std::filesystem;

DpoWorld::DpoWorld() : policy(two_protocol_policy())
{
    for (Protocol& p : policy.protocols) {
        p.contacts.push_back({ "dpo", "Opgroeien regie", "dpo@opgroeien.be" });
        p.contacts.push_back({ "dpo", p.recipient.empty() ? "OCMW" : p.recipient, "privacy@" + p.domains.front() });
    }
    DpoSettings& dpo = policy.gateway.dpo;
    dpo.quarantine.dir = dir() / "state" / "quarantine";
    dpo.quarantine.release_key = dir() / "state" / "release.key";
    dpo.audit.file = dir() / "state" / "audit.jsonl";
    dpo.notice.templates = fs::path(PM_SOURCE_DIR) / "rules" / "templates";
    dpo.notice.from = "postmaster@opgroeien.be";
    dpo.notice.reporting_mta = "gateway.opgroeien.be";
    dpo.delivery.sendmail = { (dir() / "sendmail").string(), "-G", "-i" };
    dpo.delivery.timeout = std::chrono::seconds(20);
    install_sendmail(0);
}

void DpoWorld::install_sendmail(int status)
{
    const fs::path script = dir() / "sendmail";
    const fs::path calls = dir() / "calls";
    fs::create_directories(calls);
    std::ofstream out(script, std::ios::trunc);
    out << "#!/bin/sh\n"
        << "d=$(mktemp -d " << shell_quote((calls / "call.XXXXXXXX").string()) << ")\n"
        << "date +%s%N > \"$d/when\"\n"
        << "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$d/argv\"\n"
        << "cat > \"$d/stdin\"\n";
    if (status != 0) {
        out << "echo 'sendmail: fatal: queue file write error' >&2\n";
    }
    out << "exit " << status << "\n";
    out.close();
    fs::permissions(script, fs::perms::owner_all);
}

std::vector<SentMail> DpoWorld::sent() const
{
    std::vector<std::pair<std::string, fs::path>> calls;
    for (const auto& entry : fs::directory_iterator(dir() / "calls")) {
        std::ifstream when(entry.path() / "when");
        std::string stamp;
        when >> stamp;
        calls.emplace_back(stamp, entry.path());
    }
    std::ranges::sort(calls);
    std::vector<SentMail> out;
    for (const auto& [stamp, path] : calls) {
        SentMail mail;
        std::ifstream argv(path / "argv");
        for (std::string line; std::getline(argv, line);) {
            mail.argv.push_back(line);
        }
        std::ifstream input(path / "stdin", std::ios::binary);
        std::ostringstream text;
        text << input.rdbuf();
        mail.input = text.str();
        out.push_back(std::move(mail));
    }
    return out;
}

std::string special_category_message(const std::string& body_marker, const std::string& attachment_name)
{
    MessageHeaders headers;
    headers.from = "Jan Peeters <jan.peeters@opgroeien.be>";
    headers.to = "Sociale dienst <socialedienst@tessenderlo-ham.be>";
    headers.subject = "Doorverwijzing gezin";
    return build_mixed_message(headers, "Beste collega,\n\n" + body_marker + "\n\nMet vriendelijke groeten,\nJan\n",
        { attachment(attachment_name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            std::string("PK\x03\x04 not really a docx", 25)) });
}

quarantine::Metadata special_category_incident(Instant at, std::string sender)
{
    Verdict verdict;
    verdict.action = Action::quarantine;
    verdict.protocols = { "opgroeien-tessenderlo-ham" };
    Violation v;
    v.code = ViolationCode::data_special_category;
    v.protocol_id = "opgroeien-tessenderlo-ham";
    v.part = "1";
    v.detail = "health terms in the message text";
    v.evidence = "dia*****";
    v.action = Action::quarantine;
    verdict.violations.push_back(v);
    return quarantine::make_metadata(new_incident_ref(at), at, "4XyZ1AbC", std::move(sender),
        { "socialedienst@tessenderlo-ham.be" }, verdict);
}

void make_key_pair(const fs::path& cert, const fs::path& key)
{
    const auto r = run_command("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=DPO-test -days 2 -keyout "
        + shell_quote(key.string()) + " -out " + shell_quote(cert.string()));
    INFO(r.err);
    REQUIRE(r.status == 0);
}

} // namespace pm::test
