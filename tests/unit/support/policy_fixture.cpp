// Builds the test Policy in code.
#include "support/policy_fixture.hpp"

#include <catch2/catch.hpp>

namespace pm::test {

namespace {

Address addr(const std::string& text)
{
    auto a = Address::parse(text);
    REQUIRE(a.has_value());
    return *a;
}

} // namespace

Policy two_protocol_policy()
{
    using namespace std::chrono;
    Policy policy;
    policy.gateway.discloser_domains = {"opgroeien.be", "kindengezin.be"};
    for (const ViolationCode code : all_violation_codes) {
        policy.gateway.actions[code] = Action::reject;
    }
    policy.gateway.actions[ViolationCode::data_special_category] = Action::quarantine;

    Protocol th;
    th.id = "opgroeien-tessenderlo-ham";
    th.title = "Opgroeien regie -> OCMW Tessenderlo-Ham";
    th.mailboxes = {addr("socialedienst@tessenderlo-ham.be")};
    th.domains = {"tessenderlo-ham.be"};
    th.in_force_from = 2026y / February / 1d;
    th.permitted_fields = {FieldType::name, FieldType::address, FieldType::phone, FieldType::email};
    th.own_postal_addresses = {"Markt 15a, 3980 Tessenderlo-Ham"};
    th.transport = TransportMethod::encrypted_archive;
    th.archive = ArchiveRequirement{Cipher::aes256, true, 19, false};
    policy.protocols.push_back(th);

    Protocol pe;
    pe.id = "opgroeien-pepingen";
    pe.title = "Opgroeien regie -> OCMW Pepingen";
    pe.mailboxes = {addr("ocmw@pepingen.be")};
    pe.domains = {"pepingen.be"};
    pe.in_force_from = 2025y / December / 18d;
    pe.permitted_fields = th.permitted_fields;
    pe.own_postal_addresses = {"Kerkstraat 2, 1670 Pepingen"};
    pe.transport = TransportMethod::sensitivity_label;
    pe.label.names = {"Geheim"};
    pe.label.require_encryption = true;
    policy.protocols.push_back(pe);
    return policy;
}

Ruleset ruleset_for(Policy policy)
{
    static const auto detector = [] {
        auto loaded = detect::Detector::load(std::string(PM_SOURCE_DIR) + "/rules/lexicons");
        REQUIRE(loaded.has_value());
        return *loaded;
    }();
    return Ruleset{std::make_shared<const Policy>(std::move(policy)), detector};
}

Envelope envelope(const std::string& sender, std::initializer_list<std::string> recipients)
{
    Envelope e;
    e.sender = Address::parse(sender);
    for (const std::string& r : recipients) {
        e.recipients.push_back(addr(r));
    }
    return e;
}

Instant in_force_time()
{
    return *parse_instant("2026-03-02T10:00:00Z");
}

} // namespace pm::test
