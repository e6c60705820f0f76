// Article 6 end to end: real messages (GMime) with real archives (7zz, zip) and documents (qpdf),
// judged by inspect() under the two protocols.
#include "inspect/inspect.hpp"

#include "support/archive_tool.hpp"
#include "support/mime_builder.hpp"
#include "support/policy_fixture.hpp"
#include "support/process.hpp"
#include "support/protected_mail.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace pm;
using Codes = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string password = "Zomer-Lint-2026!";
const std::string docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

test::MessageHeaders headers(const std::string& subject = "Verwijzing")
{
    test::MessageHeaders h;
    h.from = "An Peeters <an.peeters@kindengezin.be>";
    h.to = "socialedienst@tessenderlo-ham.be";
    h.subject = subject;
    return h;
}

Verdict judge(const std::string& message)
{
    static const Ruleset rules = test::ruleset_for(test::two_protocol_policy());
    auto verdict = inspect(test::envelope("an.peeters@kindengezin.be", {"socialedienst@tessenderlo-ham.be"}),
        message, rules, test::in_force_time());
    REQUIRE(verdict.has_value());
    return *verdict;
}

Codes codes(const Verdict& v)
{
    Codes out;
    for (const Violation& x : v.violations) {
        out.emplace_back(std::string(to_string(x.code)), x.part);
    }
    std::ranges::sort(out);
    return out;
}

std::string docx()
{
    return test::make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}});
}

std::string referral_7z(bool encrypt_names = true)
{
    return test::make_7z({{"verwijzing.docx", docx()}}, password, encrypt_names);
}

std::string with_attachment(const std::string& name, const std::string& type, const std::string& bytes,
    const std::string& body = "Beste, in bijlage de verwijzing. Wachtwoord volgt telefonisch.",
    const std::string& subject = "Verwijzing")
{
    return test::build_mixed_message(headers(subject), body, {test::attachment(name, type, bytes)});
}

std::string qpdf_encrypted(const std::string& user, const std::string& owner)
{
    test::TempDir dir;
    const auto plain = dir.path() / "plain.pdf";
    const auto out = dir.path() / "out.pdf";
    REQUIRE(test::run_command("qpdf --empty " + test::shell_quote(plain.string())).status == 0);
    const auto r = test::run_command("qpdf --encrypt " + test::shell_quote(user) + " " + test::shell_quote(owner)
        + " 256 -- " + test::shell_quote(plain.string()) + " " + test::shell_quote(out.string()));
    REQUIRE(r.status == 0);
    std::ifstream in(out, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace

TEST_CASE("a 7z with AES-256 and encrypted names, password elsewhere, is accepted", "[inspect][transport]")
{
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z()));
    INFO(v.violations.size());
    CHECK(v.action == Action::accept);
    CHECK(v.violations.empty());
}

TEST_CASE("a 7z without header encryption shows its file names", "[inspect][transport]")
{
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z(false)));
    CHECK(codes(v) == Codes{{"archive.filenames_visible", "2 verwijzing.7z"}});
}

TEST_CASE("a 7z to which a plain file was added is partially encrypted", "[inspect][transport]")
{
    const std::string partial = test::add_to_7z(referral_7z(false), {{"bijlage2.txt", "plain"}});
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", partial));
    CHECK(codes(v)
        == Codes{{"archive.filenames_visible", "2 verwijzing.7z"}, {"archive.partially_encrypted", "2 verwijzing.7z"}});
}

TEST_CASE("a plain 7z is not encrypted and its members are not reported again", "[inspect][transport]")
{
    const std::string plain = test::make_7z({{"verwijzing.docx", docx()}, {"nota.txt", "tekst"}});
    const Verdict v = judge(with_attachment("bundel.7z", "application/x-7z-compressed", plain));
    CHECK(codes(v) == Codes{{"attachment.not_encrypted", "2 bundel.7z"}});
}

TEST_CASE("an encrypted 7z inside a plain zip is found and judged", "[inspect][transport]")
{
    const std::string outer = test::make_zip({{"verwijzing.7z", referral_7z(false)}});
    const Verdict v = judge(with_attachment("bundel.zip", "application/zip", outer));
    CHECK(codes(v)
        == Codes{{"archive.filenames_visible", "2 bundel.zip/verwijzing.7z"}, {"attachment.not_encrypted", "2 bundel.zip"}});
}

TEST_CASE("zip AES-256 is not the approved container and shows names", "[inspect][transport]")
{
    const std::string zip = test::make_zip_with_password({{"verwijzing.docx", docx()}}, password, test::ZipEncryption::aes256);
    const Verdict v = judge(with_attachment("verwijzing.zip", "application/zip", zip));
    CHECK(codes(v)
        == Codes{{"archive.filenames_visible", "2 verwijzing.zip"}, {"attachment.unapproved_encryption", "2 verwijzing.zip"}});
}

TEST_CASE("ZipCrypto is weak encryption", "[inspect][transport]")
{
    const std::string zip = test::make_zip_with_password({{"verwijzing.docx", docx()}}, password, test::ZipEncryption::zipcrypto);
    const Verdict v = judge(with_attachment("verwijzing.zip", "application/zip", zip));
    CHECK(codes(v)
        == Codes{{"archive.filenames_visible", "2 verwijzing.zip"}, {"archive.weak_encryption", "2 verwijzing.zip"},
            {"attachment.unapproved_encryption", "2 verwijzing.zip"}});
}

TEST_CASE("a truncated 7z cannot be verified", "[inspect][transport]")
{
    const std::string whole = referral_7z();
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", whole.substr(0, whole.size() / 2)));
    CHECK(codes(v) == Codes{{"archive.unverifiable", "2 verwijzing.7z"}});
}

TEST_CASE("the password in the body is proved to open the archive", "[inspect][transport][password]")
{
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z(),
        "Beste,\nin bijlage de verwijzing.\nHet wachtwoord is " + password + "\nGroeten"));
    REQUIRE(codes(v) == Codes{{"archive.password_in_message", "2 verwijzing.7z"}});
    CHECK(v.violations.front().detail.find("part 1") != std::string::npos);
}

TEST_CASE("the password in the Subject is proved", "[inspect][transport][password]")
{
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z(),
        "Beste, zie bijlage.", "Verwijzing (ww " + password + ")"));
    REQUIRE(codes(v) == Codes{{"archive.password_in_message", "2 verwijzing.7z"}});
    CHECK(v.violations.front().detail.find("subject") != std::string::npos);
}

TEST_CASE("the password in a .txt attachment is proved", "[inspect][transport][password]")
{
    const std::string message = test::build_mixed_message(headers(), "Beste, zie bijlagen.",
        {test::attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z()),
            test::attachment("lees-mij.txt", "text/plain", "paswoord: " + password + "\n")});
    const Verdict v = judge(message);
    CHECK(codes(v)
        == Codes{{"archive.password_in_message", "2 verwijzing.7z"}, {"attachment.not_encrypted", "3 lees-mij.txt"}});
}

TEST_CASE("the password in an HTML body split by tags is proved", "[inspect][transport][password]")
{
    const std::string message = test::build_alternative_message(headers(), "Beste, zie bijlage.",
        "<p>Beste,</p><p>wachtwoord: <b>Zomer</b>-Lint-2026!</p>",
        {test::attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z())});
    const Verdict v = judge(message);
    REQUIRE(codes(v).size() == 1);
    CHECK(codes(v).front().first == "archive.password_in_message");
}

TEST_CASE("a password-like phrase that does not open the archive is not a violation", "[inspect][transport][password]")
{
    const Verdict v = judge(with_attachment("verwijzing.7z", "application/x-7z-compressed", referral_7z(),
        "Beste, het wachtwoord is Winter-Lint-2025! zoals afgesproken."));
    CHECK(v.action == Action::accept);
}

TEST_CASE("the zip password in the body is proved for AES and ZipCrypto", "[inspect][transport][password]")
{
    for (const auto encryption : {test::ZipEncryption::aes256, test::ZipEncryption::zipcrypto}) {
        const std::string zip = test::make_zip_with_password({{"verwijzing.docx", docx()}}, password, encryption);
        const Verdict v = judge(with_attachment("verwijzing.zip", "application/zip", zip,
            "Het wachtwoord is " + password));
        const Codes c = codes(v);
        CHECK(std::ranges::find(c, std::pair<std::string, std::string>{"archive.password_in_message", "2 verwijzing.zip"})
            != c.end());
    }
}

TEST_CASE("a PDF that needs a password is unapproved encryption, owner-only is readable", "[inspect][transport]")
{
    const Verdict locked = judge(with_attachment("verslag.pdf", "application/pdf", qpdf_encrypted("user-pw", "owner-pw")));
    CHECK(codes(locked) == Codes{{"attachment.unapproved_encryption", "2 verslag.pdf"}});
    const Verdict owner_only = judge(with_attachment("verslag.pdf", "application/pdf", qpdf_encrypted("", "owner-pw")));
    CHECK(codes(owner_only) == Codes{{"attachment.not_encrypted", "2 verslag.pdf"}});
}

namespace {

const std::string geheim_label = "MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Enabled=true;\r\n"
                                 " MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_SiteId=7a1b2c3d-0000-4000-8000-000000000001;\r\n"
                                 " MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Name=Geheim;\r\n"
                                 " MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_ContentBits=8";

Verdict judge_pepingen(const std::string& message)
{
    static const Ruleset rules = test::ruleset_for(test::two_protocol_policy());
    auto verdict = inspect(test::envelope("an.peeters@kindengezin.be", {"ocmw@pepingen.be"}), message, rules,
        test::in_force_time());
    REQUIRE(verdict.has_value());
    return *verdict;
}

// What Outlook sends with the "Geheim" label that applies RMS encryption.
std::string rms_message(const std::string& label, std::vector<test::MimeNode> extra_attachments = {})
{
    test::MessageHeaders h = headers();
    h.to = "ocmw@pepingen.be";
    h.extra.emplace_back("Content-Class", "rpmsg.message");
    if (!label.empty()) {
        h.extra.emplace_back("msip_labels", label);
    }
    std::vector<test::MimeNode> attachments{
        test::attachment("message.rpmsg", "application/x-microsoft-rpmsg-message", test::rpmsg_stream())};
    for (auto& a : extra_attachments) {
        attachments.push_back(std::move(a));
    }
    return test::build_mixed_message(h, "Dit bericht is beveiligd met Rights Management.", std::move(attachments));
}

} // namespace

TEST_CASE("a Geheim-labelled RMS message to Pepingen is accepted", "[inspect][transport][label]")
{
    const Verdict v = judge_pepingen(rms_message(geheim_label));
    CHECK(v.action == Action::accept);
    CHECK(v.protocols == std::vector<std::string>{"opgroeien-pepingen"});
}

TEST_CASE("the right label on an unprotected message is not protected", "[inspect][transport][label]")
{
    test::MessageHeaders h = headers();
    h.to = "ocmw@pepingen.be";
    h.extra.emplace_back("msip_labels", geheim_label);
    const Verdict v = judge_pepingen(test::build_plain_message(h, "Beste, een afspraak graag."));
    CHECK(codes(v) == Codes{{"label.not_protected", ""}});
}

TEST_CASE("an RMS message without a label, or with another label, is refused", "[inspect][transport][label]")
{
    CHECK(codes(judge_pepingen(rms_message(""))) == Codes{{"label.missing", ""}});
    const std::string intern = "MSIP_Label_11111111-2222-3333-4444-555555555555_Enabled=true; "
                               "MSIP_Label_11111111-2222-3333-4444-555555555555_Name=Intern";
    CHECK(codes(judge_pepingen(rms_message(intern))) == Codes{{"label.wrong", ""}});
}

TEST_CASE("a readable attachment beside the rpmsg is judged as usual", "[inspect][transport][label]")
{
    const Verdict v = judge_pepingen(rms_message(geheim_label,
        {test::attachment("verwijzing.docx", docx_type, docx())}));
    CHECK(codes(v) == Codes{{"attachment.not_encrypted", "3 verwijzing.docx"}});
}

TEST_CASE("S/MIME where 7-Zip is required is unapproved encryption", "[inspect][transport][smime]")
{
    const test::SmimeTool tool;
    const std::string message = tool.encrypt("-aes256",
        "-from an.peeters@kindengezin.be -to socialedienst@tessenderlo-ham.be -subject Verwijzing");
    const Verdict v = judge(message);
    REQUIRE(codes(v).size() == 1);
    CHECK(codes(v).front().first == "attachment.unapproved_encryption");
}

TEST_CASE("an S/MIME envelope with AES-128 under the Geheim label is not protected enough", "[inspect][transport][smime]")
{
    const test::SmimeTool tool;
    std::string message = tool.encrypt("-aes128", "-from an.peeters@kindengezin.be -to ocmw@pepingen.be -subject V");
    message = "msip_labels: " + geheim_label + "\r\n" + message;
    CHECK(codes(judge_pepingen(message)) == Codes{{"label.not_protected", ""}});
}
