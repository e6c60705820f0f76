// The `check` and `config-check` contract: run the real binary on the real example messages.
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using pm::test::run_command;
using pm::test::shell_quote;

namespace {

const std::string binary = PM_BINARY;
const std::string rules = std::string(PM_SOURCE_DIR) + "/rules/gateway.toml";

// The examples are made once per test process by the same script the README runs.
const std::filesystem::path& examples()
{
    static pm::test::TempDir dir;
    static const bool made = [] {
        const auto r = run_command(
            "bash " + shell_quote(std::string(PM_SOURCE_DIR) + "/contrib/examples/make-examples.sh") + " "
            + shell_quote(dir.path().string()));
        INFO(r.err);
        REQUIRE(r.status == 0);
        return true;
    }();
    (void)made;
    return dir.path();
}

std::string example(const std::string& name)
{
    return shell_quote((examples() / name).string());
}

pm::test::ProcessResult check(const std::string& args)
{
    return run_command(binary + " check --config " + shell_quote(rules) + " --at 2026-11-24T09:00:00Z " + args);
}

std::vector<nlohmann::json> json_lines(const std::string& out)
{
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

} // namespace

TEST_CASE("check --json prints exactly one line per file with the contract's keys", "[cli][check]")
{
    const auto r = check("--json " + example("01-ordinary-mail-outside.eml") + " "
        + example("04-referral-plain-docx-tessenderlo-ham.eml"));
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    const auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 2);
    for (const auto& line : lines) {
        CHECK(line.contains("file"));
        CHECK(line.contains("verdict"));
        CHECK(line["protocols"].is_array());
        CHECK(line["violations"].is_array());
    }
    CHECK(lines[0]["verdict"] == "accept");
    CHECK(lines[0]["violations"].empty());
    CHECK(lines[1]["verdict"] == "reject");
    CHECK(lines[1]["protocols"] == nlohmann::json::array({"opgroeien-tessenderlo-ham"}));
    // The docx is unencrypted, and its referral text is readable personal data.
    REQUIRE(lines[1]["violations"].size() >= 1);
    const auto& v = lines[1]["violations"][0];
    CHECK(v["code"] == "attachment.not_encrypted");
    CHECK(v["protocol"] == "opgroeien-tessenderlo-ham");
    CHECK(v["part"] == "2 verwijzing.docx");
    CHECK(v["detail"].is_string());
}

TEST_CASE("check exits 0 when every message is accepted", "[cli][check]")
{
    const auto r = check("--json " + example("01-ordinary-mail-outside.eml") + " "
        + example("02-coordination-to-tessenderlo-ham.eml"));
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    const auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1]["verdict"] == "accept");
    CHECK(lines[1]["protocols"] == nlohmann::json::array({"opgroeien-tessenderlo-ham"}));
}

TEST_CASE("check takes the envelope from the flags over the headers", "[cli][check]")
{
    // The headers say an outside recipient; the envelope says the registered mailbox.
    const auto r = check("--json --sender an.peeters@kindengezin.be --rcpt SocialeDienst+x@Tessenderlo-Ham.be "
        + example("04-referral-plain-docx-tessenderlo-ham.eml"));
    const auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["protocols"] == nlohmann::json::array({"opgroeien-tessenderlo-ham"}));
    const auto outside = check("--json --sender an.peeters@kindengezin.be --rcpt someone@example.org "
        + example("04-referral-plain-docx-tessenderlo-ham.eml"));
    CHECK(outside.status == 0);
    CHECK(json_lines(outside.out)[0]["verdict"] == "accept");
}

TEST_CASE("check --at before the protocol's start reports protocol.not_in_force", "[cli][check]")
{
    const auto r = run_command(binary + " check --json --config " + shell_quote(rules)
        + " --at 2026-01-15 " + example("02-coordination-to-tessenderlo-ham.eml"));
    CHECK(r.status == 1);
    const auto line = json_lines(r.out).at(0);
    CHECK(line["violations"][0]["code"] == "protocol.not_in_force");
}

TEST_CASE("recipient violations name the recipient and the registered mailbox", "[cli][check]")
{
    const auto cc = check("--json " + example("05-referral-cc-outside.eml"));
    const auto codes = json_lines(cc.out).at(0)["violations"];
    bool outside = false;
    for (const auto& v : codes) {
        outside = outside || v["code"] == "recipient.outside_protocol";
    }
    CHECK(outside);
    const auto info = check("--json " + example("08-referral-to-unregistered-mailbox.eml"));
    const auto line = json_lines(info.out).at(0);
    CHECK(line["violations"][0]["code"] == "recipient.unregistered_mailbox");
    CHECK(line["violations"][0]["detail"].get<std::string>().find("socialedienst@tessenderlo-ham.be")
        != std::string::npos);
}

TEST_CASE("a zip named .pdf is judged as the archive it is", "[cli][check]")
{
    const auto r = check("--json " + example("07-zip-named-pdf-tessenderlo-ham.eml"));
    const auto v = json_lines(r.out).at(0)["violations"].at(0);
    CHECK(v["part"] == "2 scan.pdf");
    CHECK(v["code"] == "attachment.not_encrypted");
    CHECK(v["detail"] == "zip archive without encryption");
}

TEST_CASE("the text output explains each violation in Dutch with the fix", "[cli][check]")
{
    const auto r = check(example("04-referral-plain-docx-tessenderlo-ham.eml"));
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("REJECT"));
    CHECK_THAT(r.out, Catch::Contains("attachment.not_encrypted"));
    CHECK_THAT(r.out, Catch::Contains("Bijlage verwijzing.docx is niet versleuteld"));
    CHECK_THAT(r.out, Catch::Contains("7-Zip"));
}

TEST_CASE("check exits 2 with a clear message on usage and I/O errors", "[cli][check]")
{
    const auto missing = check("/nonexistent/message.eml");
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("/nonexistent/message.eml"));

    const auto bad_at = run_command(binary + " check --config " + shell_quote(rules) + " --at yesterday "
        + example("01-ordinary-mail-outside.eml"));
    CHECK(bad_at.status == 2);
    CHECK_THAT(bad_at.err, Catch::Contains("--at"));

    const auto bad_rcpt = check("--rcpt not-an-address " + example("01-ordinary-mail-outside.eml"));
    CHECK(bad_rcpt.status == 2);
    CHECK_THAT(bad_rcpt.err, Catch::Contains("not-an-address"));

    const auto no_files = check("");
    CHECK(no_files.status == 2);

    const auto no_config = run_command(binary + " check --config /nonexistent/gateway.toml "
        + example("01-ordinary-mail-outside.eml"));
    CHECK(no_config.status == 2);
    CHECK_THAT(no_config.err, Catch::Contains("/nonexistent/gateway.toml"));
}

TEST_CASE("config-check accepts the shipped rules with a one-line summary", "[cli][config]")
{
    const auto r = run_command(binary + " config-check --config " + shell_quote(rules));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("OK"));
    CHECK_THAT(r.out, Catch::Contains("opgroeien-tessenderlo-ham"));
    CHECK_THAT(r.out, Catch::Contains("opgroeien-pepingen"));
}

TEST_CASE("config-check prints every problem and exits 2", "[cli][config]")
{
    pm::test::TempDir dir;
    std::ofstream(dir.path() / "gateway.toml") << "schema_version = 1\n[gateway]\nbogus_key = 1\n"
                                                  "protocols = [\"nothing-*.toml\"]\n";
    const auto r = run_command(binary + " config-check --config " + shell_quote((dir.path() / "gateway.toml").string()));
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("gateway.toml:3:1: gateway.bogus_key"));
}
