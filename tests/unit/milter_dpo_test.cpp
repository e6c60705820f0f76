// The daemon's end of message with the DPO side wired in: store -> register -> notice -> DISCARD,
// 451 when the store or the register fails, one register line per decision, and a released
// message let through once, through the same fake MTA as the other Session tests.
#include "audit/register.hpp"
#include "daemon/dpo_services.hpp"
#include "daemon/session.hpp"
#include "quarantine/store.hpp"
#include "review/review.hpp"
#include "support/dpo_fixture.hpp"
#include "support/fake_milter.hpp"
#include "support/mime_builder.hpp"
#include "support/policy_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace pm;
using milter::Step;
namespace fs = std::filesystem;

namespace {

const std::string sender = "an.peeters@kindengezin.be";
const std::string mailbox = "socialedienst@tessenderlo-ham.be";
const std::string secret_text = "Beste, de moeder is zwanger en lijdt aan een depressie. Graag opvolging.";

std::string special_message()
{
    test::MessageHeaders h;
    h.from = "An Peeters <" + sender + ">";
    h.to = mailbox;
    h.subject = "Verwijzing";
    return test::build_plain_message(h, secret_text);
}

std::string plain_mail()
{
    test::MessageHeaders h;
    h.from = "An Peeters <" + sender + ">";
    h.to = mailbox;
    h.subject = "Overleg";
    return test::build_plain_message(h, "Beste, kunnen we dinsdag om tien uur afspreken?");
}

/// A Session with DPO services over the fixture's state directory and fake sendmail.
struct DpoSession {
    test::DpoWorld world;
    test::SessionHarness harness { world.policy };
    std::unique_ptr<milter::DpoServices> services;

    DpoSession()
    {
        auto opened = milter::DpoServices::open(*harness.store.current()->policy);
        INFO((opened ? std::string() : opened.error().front()));
        REQUIRE(opened.has_value());
        services = std::move(*opened);
        harness.state.dpo = services.get();
    }
    const DpoSettings& dpo() const { return harness.store.current()->policy->gateway.dpo; }
    std::vector<audit::Record> records() const
    {
        const auto files = audit::register_files(dpo().audit.file);
        return files.empty() ? std::vector<audit::Record> {} : *audit::read_records(files);
    }
    std::vector<quarantine::Metadata> stored() const { return *quarantine::Store(dpo().quarantine).list(); }
};

} // namespace

TEST_CASE("a quarantined message is stored, recorded, notified and then discarded", "[milter][dpo]")
{
    DpoSession s;
    const std::string message = special_message();
    CHECK(s.harness.send(sender, { mailbox }, message) == Step::discard);
    CHECK_FALSE(s.harness.actions.quarantine_reason.has_value());  // not Postfix's hold queue

    const auto entries = s.stored();
    REQUIRE(entries.size() == 1);
    const quarantine::Metadata& entry = entries.front();
    CHECK(entry.sender == sender);
    CHECK(entry.recipients == std::vector<std::string> { mailbox });
    CHECK(entry.queue_id == "4XyZ1A2B3C");
    quarantine::Store store(s.dpo().quarantine);
    const auto kept = store.read_message(entry.id, std::nullopt);
    REQUIRE(kept.has_value());
    CHECK(kept->find(secret_text.substr(0, 30)) != std::string::npos);

    const auto records = s.records();
    REQUIRE(records.size() == 1);
    CHECK(records[0].event == audit::Event::quarantine);
    CHECK(records[0].ref == entry.id);
    CHECK(records[0].codes == std::vector<std::string> { "data.special_category" });
    CHECK(records[0].message_id_sha256.size() == 64);

    const auto sent = s.world.sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].argv == std::vector<std::string> { "-G", "-i", "-f", "<>", "--", sender });
    CHECK(sent[0].input.find(entry.id) != std::string::npos);
    CHECK(sent[0].input.find("zwanger") == std::string::npos);
}

TEST_CASE("a store that cannot take the message is a 451, with nothing recorded or sent", "[milter][dpo]")
{
    DpoSession s;
    fs::create_directories(s.dpo().quarantine.dir.parent_path());
    std::ofstream(s.dpo().quarantine.dir) << "not a directory";
    CHECK(s.harness.send(sender, { mailbox }, special_message()) == Step::tempfail);
    REQUIRE(s.harness.actions.reply.has_value());
    CHECK(s.harness.actions.reply->rcode == "451");
    CHECK(s.records().empty());
    CHECK(s.world.sent().empty());
}

TEST_CASE("a register that cannot be written is a 451 and the stored copy is taken back", "[milter][dpo]")
{
    DpoSession s;
    fs::create_directories(s.dpo().audit.file);  // a directory where the file should be
    CHECK(s.harness.send(sender, { mailbox }, special_message()) == Step::tempfail);
    CHECK(s.harness.actions.reply->rcode == "451");
    CHECK(s.stored().empty());
    CHECK(s.world.sent().empty());
    s.harness.actions.clear_requests();
    CHECK(s.harness.send(sender, { mailbox }, plain_mail()) == Step::tempfail);  // no decision without its record
}

TEST_CASE("every judged decision gets one register line and the fast path none", "[milter][dpo]")
{
    DpoSession s;
    CHECK(s.harness.send(sender, { "iemand@example.com" }, plain_mail()) == Step::accept);  // fast path
    CHECK(s.records().empty());
    s.harness.actions.clear_requests();
    const Step plain = s.harness.send(sender, { mailbox }, plain_mail());
    CHECK((plain == Step::accept || plain == Step::reject));
    const auto records = s.records();
    REQUIRE(records.size() == 1);
    CHECK(records[0].protocols == std::vector<std::string> { "opgroeien-tessenderlo-ham" });
    CHECK(records[0].recipients == std::vector<std::string> { mailbox });
    CHECK(audit::verify_chain(audit::register_files(s.dpo().audit.file), false).ok);
}

TEST_CASE("with quarantine = \"hold\" the message goes to Postfix's hold queue and is recorded", "[milter][dpo]")
{
    test::DpoWorld world;
    world.policy.gateway.milter.quarantine = QuarantineMode::hold;
    test::SessionHarness harness(world.policy);
    auto services = milter::DpoServices::open(*harness.store.current()->policy);
    REQUIRE(services.has_value());
    harness.state.dpo = services->get();
    CHECK(harness.send(sender, { mailbox }, special_message()) == Step::accept);
    CHECK(harness.actions.quarantine_reason.has_value());
    CHECK(quarantine::Store(world.policy.gateway.dpo.quarantine).list()->empty());
    const auto records = *audit::read_records(audit::register_files(world.policy.gateway.dpo.audit.file));
    REQUIRE(records.size() == 1);
    CHECK(records[0].event == audit::Event::quarantine);
}

TEST_CASE("a message the DPO released passes once without inspection, a changed copy does not", "[milter][dpo][release]")
{
    DpoSession s;
    REQUIRE(s.harness.send(sender, { mailbox }, special_message()) == Step::discard);
    const std::string ref = s.stored().front().id;

    // The DPO releases it; the fake sendmail captures what Postfix's pickup would get.
    quarantine::Store store(s.dpo().quarantine);
    audit::Register reg(s.dpo().audit);
    const auto released = review::release(store, reg, *s.harness.store.current()->policy, ref,
        { "an.dpo", "nagekeken: mag vertrekken" }, std::nullopt, test::in_force_time());
    INFO((released ? std::string() : released.error().message));
    REQUIRE(released.has_value());
    const auto sent = s.world.sent();
    REQUIRE(sent.size() == 2);  // the notice, then the release
    const std::string reinjected = sent[1].input;

    // Back through the milter (non_smtpd_milters): accepted as released, not quarantined again.
    s.harness.actions.clear_requests();
    CHECK(s.harness.send(sender, { mailbox }, reinjected) == Step::accept);
    REQUIRE(s.harness.actions.added_headers.size() == 1);
    CHECK(s.harness.actions.added_headers[0].second == "released; ref=" + ref);
    CHECK(s.stored().empty());
    auto records = s.records();
    REQUIRE(records.size() == 3);  // quarantine, release, accept
    CHECK(records[1].event == audit::Event::release);
    CHECK(records[2].event == audit::Event::accept);
    CHECK(records[2].reason == "released by the DPO as " + ref);

    // The same mark on a changed body, or to another recipient, is inspected: held again.
    s.harness.actions.clear_requests();
    std::string changed = reinjected;
    changed.replace(changed.find("Graag"), 5, "Dring");
    CHECK(s.harness.send(sender, { mailbox }, changed) == Step::discard);
    s.harness.actions.clear_requests();
    CHECK(s.harness.send(sender, { mailbox, "ocmw@pepingen.be" }, reinjected) != Step::accept);
    CHECK(audit::verify_chain(audit::register_files(s.dpo().audit.file), false).ok);
}
