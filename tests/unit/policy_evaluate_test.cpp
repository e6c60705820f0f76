// evaluate(): Findings built in the test, judged under the two protocols.
#include "policy/evaluate.hpp"

#include "support/policy_fixture.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace pm;

namespace {

struct Case {
    Policy policy = test::two_protocol_policy();
    Envelope envelope = test::envelope("an.peeters@opgroeien.be", {"socialedienst@tessenderlo-ham.be"});
    Inspection inspection;
    Instant at = test::in_force_time();

    Verdict run() const { return evaluate(envelope, find_scope(envelope, policy), inspection, policy, at); }
};

std::vector<std::string> codes(const Verdict& v)
{
    std::vector<std::string> out;
    for (const Violation& x : v.violations) {
        out.emplace_back(to_string(x.code));
    }
    std::ranges::sort(out);
    return out;
}

ArchiveFacts good_7z()
{
    return ArchiveFacts{ArchiveFormat::seven_zip, Coverage::all, Cipher::aes256, true, 19, 2};
}

void add(Inspection& i, std::string part, FindingFacts facts, std::string evidence = {})
{
    i.findings.push_back(Finding{std::move(part), std::move(facts), std::move(evidence), 1.0});
}

} // namespace

TEST_CASE("a covered message with an approved 7z archive is accepted", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "2 verwijzing.7z", good_7z());
    const Verdict v = c.run();
    CHECK(v.action == Action::accept);
    CHECK(v.violations.empty());
    CHECK(v.protocols == std::vector<std::string>{"opgroeien-tessenderlo-ham"});
}

TEST_CASE("a plain coordination mail without attachments or data is accepted", "[policy][evaluate]")
{
    Case c;
    CHECK(c.run().action == Action::accept);
}

TEST_CASE("a readable attachment is not encrypted", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "2 verwijzing.docx", ReadableAttachment{"ooxml"});
    const Verdict v = c.run();
    CHECK(v.action == Action::reject);
    CHECK(codes(v) == std::vector<std::string>{"attachment.not_encrypted"});
    CHECK(v.violations.front().part == "2 verwijzing.docx");
}

TEST_CASE("readable attachments pass when the protocol inspects them", "[policy][evaluate]")
{
    Case c;
    c.policy.protocols[0].readable_attachments = ReadableAttachments::inspect;
    add(c.inspection, "2 agenda.pdf", ReadableAttachment{"pdf"});
    CHECK(c.run().action == Action::accept);
}

TEST_CASE("archive facts map to the archive codes under the 7z protocol", "[policy][evaluate]")
{
    Case c;
    ArchiveFacts a = good_7z();
    SECTION("names visible") {
        a.names_encrypted = false;
        add(c.inspection, "2 a.7z", a);
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.filenames_visible"});
    }
    SECTION("partly encrypted") {
        a.coverage = Coverage::partial;
        add(c.inspection, "2 a.7z", a);
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.partially_encrypted"});
    }
    SECTION("too few key-derivation rounds") {
        a.kdf_cycles_power = 18;
        add(c.inspection, "2 a.7z", a);
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.weak_encryption"});
    }
    SECTION("no encryption at all") {
        a.coverage = Coverage::none;
        a.weakest_cipher = Cipher::none;
        add(c.inspection, "2 a.7z", a);
        CHECK(codes(c.run()) == std::vector<std::string>{"attachment.not_encrypted"});
    }
    SECTION("zip AES-256 is not approved by the shipped Tessenderlo-Ham rules") {
        add(c.inspection, "2 a.zip", ArchiveFacts{ArchiveFormat::zip, Coverage::all, Cipher::aes256, false, {}, 1});
        CHECK(codes(c.run())
            == std::vector<std::string>{"archive.filenames_visible", "attachment.unapproved_encryption"});
    }
    SECTION("zip AES-256 approved by config still needs encrypted names when required") {
        c.policy.protocols[0].archive.allow_zip_aes256 = true;
        c.policy.protocols[0].archive.require_encrypted_names = false;
        add(c.inspection, "2 a.zip", ArchiveFacts{ArchiveFormat::zip, Coverage::all, Cipher::aes256, false, {}, 1});
        CHECK(c.run().action == Action::accept);
    }
    SECTION("ZipCrypto is weak") {
        c.policy.protocols[0].archive.allow_zip_aes256 = true;
        c.policy.protocols[0].archive.require_encrypted_names = false;
        add(c.inspection, "2 a.zip", ArchiveFacts{ArchiveFormat::zip, Coverage::all, Cipher::zipcrypto, false, {}, 1});
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.weak_encryption"});
    }
    SECTION("unverifiable") {
        add(c.inspection, "2 a.7z", UnverifiableContainer{"truncated"});
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.unverifiable"});
    }
    SECTION("password proved to be in the message") {
        add(c.inspection, "2 a.7z", good_7z());
        add(c.inspection, "2 a.7z", PasswordInMessage{"1"});
        CHECK(codes(c.run()) == std::vector<std::string>{"archive.password_in_message"});
    }
}

TEST_CASE("office or PDF passwords are not an approved container", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "2 verwijzing.docx", ForeignEncryption{EncryptionMechanism::office});
    CHECK(codes(c.run()) == std::vector<std::string>{"attachment.unapproved_encryption"});
}

TEST_CASE("the label protocol demands the accepted label and real protection", "[policy][evaluate]")
{
    Case c;
    c.envelope = test::envelope("an@kindengezin.be", {"ocmw@pepingen.be"});
    SECTION("missing") {
        CHECK(codes(c.run()) == std::vector<std::string>{"label.missing"});
    }
    SECTION("wrong") {
        c.inspection.labels.push_back(SensitivityLabel{"guid", "Intern", "tenant", false});
        CHECK(codes(c.run()) == std::vector<std::string>{"label.wrong"});
    }
    SECTION("right label, not protected") {
        c.inspection.labels.push_back(SensitivityLabel{"guid", "geheim", "tenant", true});
        CHECK(codes(c.run()) == std::vector<std::string>{"label.not_protected"});
    }
    SECTION("right label, protected") {
        c.inspection.labels.push_back(SensitivityLabel{"guid", "Geheim", "tenant", true});
        c.inspection.protection = MessageProtection{EncryptionMechanism::rms, true};
        CHECK(c.run().action == Action::accept);
    }
    SECTION("right name from another tenant") {
        c.policy.protocols[1].label.site_ids = {"our-tenant"};
        c.inspection.labels.push_back(SensitivityLabel{"guid", "Geheim", "other-tenant", true});
        c.inspection.protection = MessageProtection{EncryptionMechanism::rms, true};
        CHECK(codes(c.run()) == std::vector<std::string>{"label.wrong"});
    }
    SECTION("an encrypted 7z beside the label is not the approved container") {
        c.inspection.labels.push_back(SensitivityLabel{"guid", "Geheim", "tenant", true});
        c.inspection.protection = MessageProtection{EncryptionMechanism::rms, true};
        add(c.inspection, "2 a.7z", good_7z());
        CHECK(codes(c.run()) == std::vector<std::string>{"attachment.unapproved_encryption"});
    }
}

TEST_CASE("data findings map to the data codes and actions", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "1", PersonalData{FieldType::national_number}, "85.07.30-***.**");
    add(c.inspection, "1", PersonalData{FieldType::bank_account}, "BE68 **** **** 7034");
    add(c.inspection, "1", PersonalData{FieldType::address}, "Kerk*******");
    const Verdict v = c.run();
    CHECK(codes(v)
        == std::vector<std::string>{"data.cleartext_personal_data", "data.national_number", "data.not_permitted"});
    CHECK(v.action == Action::reject);
    const auto nn = std::ranges::find(v.violations, ViolationCode::data_national_number, &Violation::code);
    CHECK(nn->evidence == "85.07.30-***.**");
}

TEST_CASE("special-category data quarantines by default", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "2 verslag.docx", ReadableAttachment{"ooxml"});
    add(c.inspection, "2 verslag.docx", SpecialCategory{"health"});
    const Verdict v = c.run();
    CHECK(v.action == Action::quarantine);
    CHECK(codes(v) == std::vector<std::string>{"attachment.not_encrypted", "data.special_category"});
}

TEST_CASE("a protocol override changes the action of one code", "[policy][evaluate]")
{
    Case c;
    c.policy.protocols[0].actions[ViolationCode::archive_filenames_visible] = Action::accept;
    ArchiveFacts a = good_7z();
    a.names_encrypted = false;
    add(c.inspection, "2 a.7z", a);
    const Verdict v = c.run();
    CHECK(v.action == Action::accept);
    CHECK(v.violations.size() == 1);  // still recorded, but does not block
}

TEST_CASE("the protocol is not in force before its start, after its end, or while suspended", "[policy][evaluate]")
{
    Case c;
    SECTION("before") {
        c.at = *parse_instant("2026-01-31T23:59:59Z");
        CHECK(codes(c.run()) == std::vector<std::string>{"protocol.not_in_force"});
    }
    SECTION("on the first day") {
        c.at = *parse_instant("2026-02-01T00:00:00Z");
        CHECK(c.run().action == Action::accept);
    }
    SECTION("on its last day, and after") {
        c.policy.protocols[0].in_force_until = std::chrono::year{2026} / 6 / 30;
        c.at = *parse_instant("2026-06-30T23:00:00Z");
        CHECK(c.run().action == Action::accept);
        c.at = *parse_instant("2026-07-01T00:00:00Z");
        CHECK(codes(c.run()) == std::vector<std::string>{"protocol.not_in_force"});
    }
    SECTION("suspended") {
        c.policy.protocols[0].suspended = true;
        CHECK(codes(c.run()) == std::vector<std::string>{"protocol.not_in_force"});
    }
}

TEST_CASE("an unregistered mailbox of the organisation is refused when the mail carries data", "[policy][evaluate]")
{
    Case c;
    c.envelope = test::envelope("an@opgroeien.be", {"info@tessenderlo-ham.be"});
    SECTION("with an encrypted archive") {
        add(c.inspection, "2 a.7z", good_7z());
        const Verdict v = c.run();
        CHECK(codes(v) == std::vector<std::string>{"recipient.unregistered_mailbox"});
        CHECK(v.violations.front().detail.find("socialedienst@tessenderlo-ham.be") != std::string::npos);
        CHECK(v.protocols == std::vector<std::string>{"opgroeien-tessenderlo-ham"});
    }
    SECTION("with personal data") {
        add(c.inspection, "1", PersonalData{FieldType::phone}, "0470 ** ** 12");
        CHECK(codes(c.run()) == std::vector<std::string>{"recipient.unregistered_mailbox"});
    }
    SECTION("a plain mail without attachment or findings is fine") {
        CHECK(c.run().action == Action::accept);
    }
}

TEST_CASE("a covered message also going outside the protocol is refused", "[policy][evaluate]")
{
    Case c;
    c.envelope = test::envelope("an@opgroeien.be",
        {"socialedienst@tessenderlo-ham.be", "collega@kindengezin.be", "privé@gmail.com"});
    add(c.inspection, "2 a.7z", good_7z());
    const Verdict v = c.run();
    CHECK(codes(v) == std::vector<std::string>{"recipient.outside_protocol"});
    CHECK(v.violations.front().detail.find("gmail.com") != std::string::npos);
}

TEST_CASE("a Bcc-only outside recipient in the envelope is caught", "[policy][evaluate]")
{
    // The envelope lists Bcc recipients the headers no longer show.
    Case c;
    c.envelope = test::envelope("an@opgroeien.be", {"socialedienst@tessenderlo-ham.be", "bcc@example.org"});
    CHECK(codes(c.run()) == std::vector<std::string>{"recipient.outside_protocol"});
}

TEST_CASE("a message we could not fully read fails closed", "[policy][evaluate]")
{
    Case c;
    add(c.inspection, "", Unparseable{"conflicting Content-Type headers"});
    add(c.inspection, "3", LimitExceeded{"max_mime_depth", 33, 32});
    CHECK(codes(c.run()) == std::vector<std::string>{"message.limit_exceeded", "message.unparseable"});
    Case near;
    near.envelope = test::envelope("an@opgroeien.be", {"info@tessenderlo-ham.be"});
    add(near.inspection, "", Unparseable{"multipart without boundary"});
    CHECK(codes(near.run()) == std::vector<std::string>{"recipient.unregistered_mailbox"});
}
