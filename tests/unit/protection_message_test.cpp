// detect_message_protection(): RMS, S/MIME (made by the openssl CLI) and PGP/MIME messages.
#include "protection/message_protection.hpp"

#include "support/cfb_writer.hpp"
#include "support/mime_builder.hpp"
#include "support/mime_tree.hpp"
#include "support/process.hpp"
#include "support/protected_mail.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using pm::EncryptionMechanism;
using pm::protection::ProtectionResult;
using pm::protection::cms_content_encryption_oid;
using pm::protection::detect_message_protection;
using pm::test::MessageHeaders;
using pm::test::MimeNode;
using pm::test::run_command;
using pm::test::shell_quote;
using pm::test::SmimeTool;
using pm::test::append_u32;
using pm::test::rpmsg_stream;
using pm::test::zlib_stored;

namespace {

constexpr const char* aes256_cbc = "2.16.840.1.101.3.4.1.42";
constexpr const char* aes256_gcm = "2.16.840.1.101.3.4.1.46";
constexpr const char* aes128_cbc = "2.16.840.1.101.3.4.1.2";

ProtectionResult detect(const std::string& message)
{
    return detect_message_protection(pm::test::parse_tree(message));
}

std::vector<std::string> problem_reasons(const ProtectionResult& result)
{
    std::vector<std::string> reasons;
    for (const pm::Finding& finding : result.problems) {
        if (const auto* unparseable = std::get_if<pm::Unparseable>(&finding.facts)) {
            reasons.push_back(unparseable->reason);
        }
    }
    return reasons;
}

/// What Exchange sends for an RMS-protected message: multipart/mixed with Content-Class
/// rpmsg.message, a readable "this message is protected" body, and message.rpmsg.
std::string rms_message(const std::string& rpmsg, bool with_content_class = true)
{
    MessageHeaders headers;
    if (with_content_class) {
        headers.extra.emplace_back("Content-Class", "rpmsg.message");
    }
    headers.extra.emplace_back("msip_labels", "MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Enabled=true");
    return pm::test::build_mixed_message(headers, "Dit bericht is beveiligd met Rights Management.\r\n",
        {pm::test::attachment("message.rpmsg", "application/x-microsoft-rpmsg-message", rpmsg)});
}

/// RFC 3156 PGP/MIME, written by hand as Thunderbird/Enigmail lays it out.
std::string pgp_message(const std::string& payload, const std::string& protocol = "application/pgp-encrypted",
    bool third_part = false)
{
    std::string m = "From: Afzender <afzender@ocmw-pepingen.be>\r\n"
                    "To: <dossier@opgroeien.be>\r\n"
                    "Subject: ...\r\n"
                    "MIME-Version: 1.0\r\n"
                    "Content-Type: multipart/encrypted;\r\n protocol=\""
        + protocol
        + "\";\r\n boundary=\"------------enig0A1B2C3D\"\r\n"
          "\r\n"
          "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
          "--------------enig0A1B2C3D\r\n"
          "Content-Type: application/pgp-encrypted\r\n"
          "Content-Description: PGP/MIME version identification\r\n"
          "\r\n"
          "Version: 1\r\n"
          "\r\n"
          "--------------enig0A1B2C3D\r\n"
          "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
          "Content-Description: OpenPGP encrypted message\r\n"
          "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
          "\r\n"
        + payload + "\r\n";
    if (third_part) {
        m += "--------------enig0A1B2C3D\r\n"
             "Content-Type: text/plain\r\n"
             "\r\n"
             "Leesbare tekst naast de versleutelde.\r\n";
    }
    return m + "--------------enig0A1B2C3D--\r\n";
}

/// An armored OpenPGP message whose first packet is a public-key encrypted session key
/// (0x85 0x01 0x0C: old format, tag 1, as GnuPG writes "hQEMA...").
const std::string armored_pkesk = "-----BEGIN PGP MESSAGE-----\r\n"
                                  "\r\n"
                                  "hQEMA5FAKEDUMMY0AQf/dGhpcyBpcyBub3QgYSByZWFsIGtleSwganVzdCBhIHNoYXBl\r\n"
                                  "0kEBq2Jb3QxZm9vYmFyYmF6cXV4\r\n"
                                  "=abcd\r\n"
                                  "-----END PGP MESSAGE-----";

} // namespace

TEST_CASE("an RMS message with a real rpmsg attachment is strongly protected", "[protection][message]")
{
    const auto tree = pm::test::parse_tree(rms_message(rpmsg_stream()));
    const auto result = detect_message_protection(tree);

    REQUIRE(result.protection.has_value());
    CHECK(result.protection->mechanism == EncryptionMechanism::rms);
    CHECK(result.protection->strong);
    CHECK(result.container_paths == std::vector<std::string>{"2"});
    CHECK(result.problems.empty());
}

TEST_CASE(
    "an rpmsg attachment without the rpmsg prefix is unparseable, not protection", "[protection][message]")
{
    const auto result = detect(rms_message("Dit is gewoon tekst die zich rpmsg noemt."));

    CHECK_FALSE(result.protection.has_value());
    CHECK(result.container_paths.empty());
    CHECK(problem_reasons(result) == std::vector<std::string>{"rpmsg attachment is not an rpmsg stream"});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].part == "2 message.rpmsg");
}

TEST_CASE("an rpmsg prefix followed by no compressed storage is unparseable", "[protection][message]")
{
    const std::string prefix("\x76\xE8\x04\x60\xC4\x11\xE3\x86", 8);
    SECTION("no block header")
    {
        const auto result = detect(rms_message(prefix + "leesbare tekst"));
        CHECK_FALSE(result.protection.has_value());
        CHECK(problem_reasons(result) == std::vector<std::string>{"rpmsg stream has no valid first block"});
    }
    SECTION("a block that inflates to something other than a compound file")
    {
        std::string stream = prefix;
        const std::string compressed = zlib_stored("Geen compound file maar leesbare tekst.");
        append_u32(stream, 0x0FA0);
        append_u32(stream, 39);
        append_u32(stream, static_cast<std::uint32_t>(compressed.size()));
        stream += compressed;
        const auto result = detect(rms_message(stream));
        CHECK_FALSE(result.protection.has_value());
        CHECK(problem_reasons(result)
            == std::vector<std::string>{"rpmsg stream does not hold a compressed storage"});
    }
}

TEST_CASE("an rpmsg attachment without Content-Class rpmsg.message is not message protection",
    "[protection][message]")
{
    const auto result = detect(rms_message(rpmsg_stream(), false));
    CHECK_FALSE(result.protection.has_value());
    CHECK(result.problems.empty());
}

TEST_CASE(
    "an RMS message forwarded as an attachment does not protect the outer message", "[protection][message]")
{
    const std::string inner = rms_message(rpmsg_stream());
    const auto result = detect(pm::test::build_forward_message({}, "Zie doorgestuurd bericht.\r\n", inner));
    CHECK_FALSE(result.protection.has_value());
}

TEST_CASE("S/MIME enveloped with AES-256 made by openssl is strong protection", "[protection][message]")
{
    const SmimeTool tool;
    const auto tree = pm::test::parse_tree(tool.encrypt("-aes256"));
    const auto result = detect_message_protection(tree);

    REQUIRE(result.protection.has_value());
    CHECK(result.protection->mechanism == EncryptionMechanism::smime);
    CHECK(result.protection->strong);
    CHECK(result.content_cipher == aes256_cbc);
    CHECK(result.container_paths == std::vector<std::string>{"1"});
    CHECK(result.problems.empty());
}

TEST_CASE("S/MIME enveloped with AES-128 is protection, but not strong", "[protection][message]")
{
    const SmimeTool tool;
    const auto result = detect(tool.encrypt("-aes128"));

    REQUIRE(result.protection.has_value());
    CHECK(result.protection->mechanism == EncryptionMechanism::smime);
    CHECK_FALSE(result.protection->strong);
    CHECK(result.content_cipher == aes128_cbc);
}

TEST_CASE("S/MIME authEnveloped-data with AES-256-GCM is strong protection", "[protection][message]")
{
    const SmimeTool tool;
    const auto result = detect(tool.encrypt("-aes-256-gcm"));

    REQUIRE(result.protection.has_value());
    CHECK(result.protection->strong);
    CHECK(result.content_cipher == aes256_gcm);
}

TEST_CASE("signed-only S/MIME is not protection", "[protection][message]")
{
    const SmimeTool tool;
    SECTION("opaque signed-data (application/pkcs7-mime)")
    {
        const auto result = detect(tool.sign(false));
        CHECK_FALSE(result.protection.has_value());
        CHECK(result.problems.empty());
    }
    SECTION("detached multipart/signed")
    {
        const auto result = detect(tool.sign(true));
        CHECK_FALSE(result.protection.has_value());
        CHECK(result.problems.empty());
    }
}

TEST_CASE("an smime.p7m that claims enveloped-data but is not CMS is unparseable", "[protection][message]")
{
    const std::string message
        = "From: a@ocmw-pepingen.be\r\nTo: dossier@opgroeien.be\r\nSubject: x\r\n"
          "MIME-Version: 1.0\r\n"
          "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
          "Content-Transfer-Encoding: base64\r\n\r\n"
          "R2VoZWltIHZlcnNsYWcgb3ZlciBoZXQgZ2V6aW4gSmFuc3NlbnMu\r\n";
    const auto result = detect(message);

    CHECK_FALSE(result.protection.has_value());
    CHECK(problem_reasons(result) == std::vector<std::string>{"S/MIME body is not a readable CMS structure"});
}

TEST_CASE("an encrypted smime.p7m attached to a readable message is not message protection",
    "[protection][message]")
{
    const SmimeTool tool;
    const std::string der = tool.encrypt("-aes256", "-outform DER");
    const auto result = detect(pm::test::build_mixed_message(
        {}, "Leesbare tekst.\r\n", {pm::test::attachment("smime.p7m", "application/pkcs7-mime", der)}));
    CHECK_FALSE(result.protection.has_value());
}

TEST_CASE("cms_content_encryption_oid reads DER and indefinite-length BER, and refuses the rest",
    "[protection][message]")
{
    const SmimeTool tool;
    CHECK(cms_content_encryption_oid(tool.encrypt("-aes256", "-outform DER")) == aes256_cbc);
    CHECK(cms_content_encryption_oid(tool.encrypt("-aes256", "-outform DER -stream")) == aes256_cbc);
    CHECK(cms_content_encryption_oid(tool.encrypt("-aes-256-gcm", "-outform DER")) == aes256_gcm);
    CHECK(cms_content_encryption_oid(tool.encrypt("-aes128", "-outform DER")) == aes128_cbc);
    CHECK_FALSE(cms_content_encryption_oid(tool.sign(false, "-outform DER")).has_value());  // signed-data

    const std::string der = tool.encrypt("-aes256", "-outform DER");
    CHECK_FALSE(cms_content_encryption_oid(der.substr(0, der.size() / 2)).has_value());
    CHECK_FALSE(cms_content_encryption_oid("").has_value());
    CHECK_FALSE(cms_content_encryption_oid("\x30\x80\x06\x09garbage").has_value());
    std::string flipped = der;
    flipped[1] = '\x85';  // a length of length 5 bytes that the data cannot hold
    CHECK_FALSE(cms_content_encryption_oid(flipped).has_value());
}

TEST_CASE("PGP/MIME with an OpenPGP encrypted payload is protection, both parts are the container",
    "[protection][message]")
{
    const auto result = detect(pgp_message(armored_pkesk));

    REQUIRE(result.protection.has_value());
    CHECK(result.protection->mechanism == EncryptionMechanism::pgp);
    CHECK(result.protection->strong);
    CHECK(result.container_paths == std::vector<std::string>{"1", "2"});
    CHECK(result.problems.empty());
}

TEST_CASE("PGP/MIME whose payload is readable text is unparseable, not protection", "[protection][message]")
{
    SECTION("armor around plain text")
    {
        const auto result = detect(pgp_message(
            "-----BEGIN PGP MESSAGE-----\r\n\r\nR2VoZWltIHZlcnNsYWc=\r\n-----END PGP MESSAGE-----"));
        CHECK_FALSE(result.protection.has_value());
        CHECK(problem_reasons(result)
            == std::vector<std::string>{"PGP/MIME payload is not an OpenPGP encrypted message"});
    }
    SECTION("no armor at all")
    {
        const auto result = detect(pgp_message("Beste collega, hierbij het verslag."));
        CHECK_FALSE(result.protection.has_value());
        CHECK(problem_reasons(result).size() == 1);
    }
}

TEST_CASE("PGP/MIME with a third part is unparseable", "[protection][message]")
{
    const auto result = detect(pgp_message(armored_pkesk, "application/pgp-encrypted", true));
    CHECK_FALSE(result.protection.has_value());
    CHECK(problem_reasons(result)
        == std::vector<std::string>{"PGP/MIME message does not have the two parts RFC 3156 requires"});
}

TEST_CASE("multipart/encrypted with another protocol, and a plain message, are not protection",
    "[protection][message]")
{
    CHECK_FALSE(
        detect(pgp_message(armored_pkesk, "application/x-unknown-encryption")).protection.has_value());
    const auto plain = detect(pm::test::build_plain_message({}, "Geen geheimen hier.\r\n"));
    CHECK_FALSE(plain.protection.has_value());
    CHECK(plain.problems.empty());
    CHECK(plain.container_paths.empty());
}
