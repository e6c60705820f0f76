// Release, delete and purge: through a fake sendmail, with the register, and nothing changed on failure.
#include "audit/register.hpp"
#include "quarantine/release_token.hpp"
#include "quarantine/store.hpp"
#include "review/review.hpp"
#include "support/dpo_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const Instant at = *parse_instant("2026-11-24T09:00:00Z");
const std::string body_marker = "De vader heeft een strafblad.";

struct Quarantined {
    test::DpoWorld world;
    quarantine::Store store { world.policy.gateway.dpo.quarantine };
    audit::Register audit { world.policy.gateway.dpo.audit };
    std::string message = test::special_category_message(body_marker, "verslag.docx");
    quarantine::Metadata entry;

    Quarantined()
    {
        auto stored = store.put(test::special_category_incident(at), message);
        REQUIRE(stored.has_value());
        entry = *stored;
        REQUIRE(quarantine::load_release_key(world.policy.gateway.dpo.quarantine.release_key, true).has_value());
    }
    std::vector<audit::Record> records() const
    {
        return *audit::read_records(audit::register_files(world.policy.gateway.dpo.audit.file));
    }
};

const review::Actor dpo { "an.dpo", "besproken met de teamverantwoordelijke: geen gezondheidsgegevens" };

} // namespace

TEST_CASE("a release hands the original message with the release mark to sendmail with the original envelope",
    "[review][release]")
{
    Quarantined q;
    const auto released = review::release(q.store, q.audit, q.world.policy, q.entry.id, dpo, std::nullopt, at + std::chrono::hours(2));
    INFO((released ? std::string() : released.error().message));
    REQUIRE(released.has_value());
    const auto sent = q.world.sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].argv
        == std::vector<std::string> { "-G", "-i", "-f", "jan.peeters@opgroeien.be", "--", "socialedienst@tessenderlo-ham.be" });
    CHECK(sent[0].input.starts_with("X-Protocol-Released: " + q.entry.id + "; by=an.dpo; until="));
    CHECK(sent[0].input.ends_with(q.message));  // otherwise untouched

    // The mark verifies for this message and envelope, and for nothing else.
    const auto key = quarantine::load_release_key(q.world.policy.gateway.dpo.quarantine.release_key, false);
    REQUIRE(key.has_value());
    const std::string value = sent[0].input.substr(21, sent[0].input.find("\r\n") - 21);
    const std::vector<std::string> rcpts { "socialedienst@tessenderlo-ham.be" };
    const std::string body(quarantine::message_body(q.message));
    const quarantine::ReleasedMessage same { "jan.peeters@opgroeien.be", &rcpts, body };
    CHECK(quarantine::verify_release_mark(*key, value, same, at + std::chrono::hours(3)));
    // What Postfix changes in transit (CRLF -> LF, a trailing newline) does not matter.
    std::string lf_body;
    for (const char c : body) {
        if (c != '\r') {
            lf_body += c;
        }
    }
    lf_body += "\n";
    CHECK(quarantine::verify_release_mark(*key, value, { "Jan.Peeters@opgroeien.be", &rcpts, lf_body }, at + std::chrono::hours(3)));
    const std::vector<std::string> more { "socialedienst@tessenderlo-ham.be", "iemand@gmail.com" };
    CHECK_FALSE(quarantine::verify_release_mark(*key, value, { "jan.peeters@opgroeien.be", &more, body }, at + std::chrono::hours(3)));
    CHECK_FALSE(quarantine::verify_release_mark(*key, value, { "jan.peeters@opgroeien.be", &rcpts, body + "extra" }, at + std::chrono::hours(3)));
    CHECK_FALSE(quarantine::verify_release_mark(*key, value, same, at + std::chrono::hours(30)));  // expired
    CHECK_FALSE(quarantine::verify_release_mark("another key of at least 32 bytes!!", value, same, at + std::chrono::hours(3)));
    CHECK(quarantine::release_mark_ref(value) == q.entry.id);

    // Removed from the store, recorded in the register with actor and reason.
    CHECK(q.store.list()->empty());
    const auto records = q.records();
    REQUIRE(records.size() == 1);
    CHECK(records[0].event == audit::Event::release);
    CHECK(records[0].ref == q.entry.id);
    CHECK(records[0].actor == "an.dpo");
    CHECK(records[0].reason == dpo.reason);
    CHECK(records[0].attachment_count == 1);
    CHECK(audit::verify_chain(audit::register_files(q.world.policy.gateway.dpo.audit.file), false).ok);
}

TEST_CASE("a failing sendmail command leaves the entry where it was and records nothing", "[review][release]")
{
    Quarantined q;
    q.world.install_sendmail(75);
    const auto released = review::release(q.store, q.audit, q.world.policy, q.entry.id, dpo, std::nullopt, at);
    REQUIRE_FALSE(released.has_value());
    CHECK(released.error().message.find("was not released") != std::string::npos);
    CHECK(released.error().message.find("exit status 75") != std::string::npos);
    CHECK(released.error().message.find("stays in the quarantine") != std::string::npos);
    REQUIRE(q.store.list()->size() == 1);
    CHECK(*q.store.read_message(q.entry.id, std::nullopt) == q.message);
    CHECK_FALSE(fs::exists(q.world.policy.gateway.dpo.audit.file));
}

TEST_CASE("a sendmail command that hangs is killed at the timeout and the entry stays", "[review][release]")
{
    Quarantined q;
    const fs::path script = q.world.dir() / "slow-sendmail";
    std::ofstream(script) << "#!/bin/sh\nexec sleep 30\n";
    fs::permissions(script, fs::perms::owner_all);
    q.world.policy.gateway.dpo.delivery.sendmail = { script.string() };
    q.world.policy.gateway.dpo.delivery.timeout = std::chrono::seconds(1);
    const auto released = review::release(q.store, q.audit, q.world.policy, q.entry.id, dpo, std::nullopt, at);
    REQUIRE_FALSE(released.has_value());
    CHECK(released.error().message.find("did not finish within 1 s") != std::string::npos);
    CHECK(q.store.list()->size() == 1);
}

TEST_CASE("unknown ids, a missing reason or a missing release key change nothing", "[review][release]")
{
    Quarantined q;
    auto unknown = review::release(q.store, q.audit, q.world.policy, "PM-20261124-ZZZZZZZZ", dpo, std::nullopt, at);
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().message.find("no quarantined message PM-20261124-ZZZZZZZZ") != std::string::npos);
    auto malformed = review::remove(q.store, q.audit, "../../x", dpo, at);
    REQUIRE_FALSE(malformed.has_value());
    CHECK(malformed.error().message.find("is not an incident reference") != std::string::npos);
    auto no_reason = review::remove(q.store, q.audit, q.entry.id, { "an.dpo", "  " }, at);
    REQUIRE_FALSE(no_reason.has_value());
    CHECK(no_reason.error().message.find("reason is required") != std::string::npos);
    fs::remove(q.world.policy.gateway.dpo.quarantine.release_key);
    auto no_key = review::release(q.store, q.audit, q.world.policy, q.entry.id, dpo, std::nullopt, at);
    REQUIRE_FALSE(no_key.has_value());
    CHECK(no_key.error().message.find("no release key") != std::string::npos);
    CHECK(q.world.sent().empty());
    CHECK(q.store.list()->size() == 1);
    CHECK_FALSE(fs::exists(q.world.policy.gateway.dpo.audit.file));
}

TEST_CASE("releasing an encrypted entry needs the DPO's key, a wrong key changes nothing", "[review][release][cms]")
{
    test::DpoWorld world;
    const fs::path cert = world.dir() / "cert.pem", key = world.dir() / "key.pem";
    const fs::path other_cert = world.dir() / "other-cert.pem", other_key = world.dir() / "other-key.pem";
    test::make_key_pair(cert, key);
    test::make_key_pair(other_cert, other_key);
    world.policy.gateway.dpo.quarantine.encrypt_to = cert;
    REQUIRE(quarantine::load_release_key(world.policy.gateway.dpo.quarantine.release_key, true).has_value());
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    audit::Register audit(world.policy.gateway.dpo.audit);
    const std::string message = test::special_category_message(body_marker, "verslag.docx");
    const auto entry = store.put(test::special_category_incident(at), message);
    REQUIRE(entry.has_value());

    const auto wrong = review::release(store, audit, world.policy, entry->id, dpo, other_key, at);
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().message.find("not the key") != std::string::npos);
    CHECK(world.sent().empty());
    CHECK(store.list()->size() == 1);

    const auto released = review::release(store, audit, world.policy, entry->id, dpo, key, at);
    REQUIRE(released.has_value());
    REQUIRE(world.sent().size() == 1);
    CHECK(world.sent()[0].input.ends_with(message));
}

TEST_CASE("delete and purge record the act and remove only what they should", "[review][purge]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    audit::Register audit(world.policy.gateway.dpo.audit);
    const Instant now = at + std::chrono::days(40);
    const auto old1 = store.put(test::special_category_incident(at), "a");
    const auto old2 = store.put(test::special_category_incident(at + std::chrono::days(5)), "b");
    const auto recent = store.put(test::special_category_incident(now - std::chrono::days(2)), "c");
    REQUIRE((old1 && old2 && recent));

    REQUIRE(review::remove(store, audit, old2->id, dpo, now).has_value());
    const auto purged = review::purge(store, audit, std::chrono::days(30), { "root", "bewaartermijn 30d" }, now);
    REQUIRE(purged.has_value());
    REQUIRE(purged->size() == 1);
    CHECK(purged->front().id == old1->id);
    const auto left = store.list();
    REQUIRE(left->size() == 1);
    CHECK(left->front().id == recent->id);

    const auto records = *audit::read_records(audit::register_files(world.policy.gateway.dpo.audit.file));
    REQUIRE(records.size() == 2);
    CHECK(records[0].event == audit::Event::remove);
    CHECK(records[0].ref == old2->id);
    CHECK(records[1].event == audit::Event::purge);
    CHECK(records[1].ref == old1->id);
    CHECK(records[1].reason == "bewaartermijn 30d");
    CHECK(world.sent().empty());
}

TEST_CASE("durations are written with a unit", "[review]")
{
    CHECK(review::parse_duration("30d") == std::chrono::seconds(30 * 86400));
    CHECK(review::parse_duration("12h") == std::chrono::seconds(12 * 3600));
    CHECK(review::parse_duration("2w") == std::chrono::seconds(14 * 86400));
    CHECK_FALSE(review::parse_duration("30").has_value());
    CHECK_FALSE(review::parse_duration("-3d").has_value());
    CHECK_FALSE(review::parse_duration("d").has_value());
}
