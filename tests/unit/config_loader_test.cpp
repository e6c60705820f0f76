// Loading gateway.toml and the protocol files: the shipped rules, and one test per error class
// with the exact `file:line:col: key.path: problem (fix)` text.
#include "config/loader.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace pm;

namespace {

/// A throw-away rules directory: gateway.toml plus protocols/, removed at the end of the test.
class RuleDir {
public:
    RuleDir()
    {
        static std::atomic<int> counter { 0 };
        m_root = fs::temp_directory_path()
            / fmt::format("pm-config-test-{}-{}", ::getpid(), counter.fetch_add(1));
        fs::remove_all(m_root);
        fs::create_directories(m_root / "protocols");
    }
    ~RuleDir()
    {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    RuleDir(const RuleDir&) = delete;
    RuleDir& operator=(const RuleDir&) = delete;

    void write(const std::string& relative, const std::string& text) const
    {
        std::ofstream(m_root / relative, std::ios::binary) << text;
    }
    std::string path(const std::string& relative) const { return (m_root / relative).string(); }
    fs::path gateway() const { return m_root / "gateway.toml"; }

private:
    fs::path m_root;
};

/// A valid gateway file; the protocols entry is on line 4, its first element at column 14.
const std::string valid_gateway = R"(schema_version = 1
[gateway]
discloser_domains = ["opgroeien.be"]
protocols = ["protocols/*.toml"]
)";

/// A valid protocol file (21 lines); `id` and `mailbox` vary so that several can coexist.
std::string protocol_text(const std::string& id = "p-one", const std::string& mailbox = "ocmw@one.be")
{
    return fmt::format(R"(schema_version = 1
id = "{}"
title = "Test protocol"
[parties]
discloser = "Opgroeien regie"
recipient = "OCMW One"
[recipient]
mailboxes = ["{}"]
domains = ["one.be"]
[validity]
in_force_from = 2026-02-01
[data]
permitted = ["name", "email"]
[transport]
method = "encrypted_archive"
[transport.archive]
min_kdf_cycles_power = 19
[[contacts]]
role = "dpo"
organisation = "Opgroeien regie"
email = "dpo@opgroeien.be"
)",
        id, mailbox);
}

/// `text` with its line `number` (1-based) replaced by `replacement` (which may hold several lines,
/// or be empty to delete the line).
std::string with_line(const std::string& text, int number, const std::string& replacement)
{
    std::string out;
    int line = 1;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string current = text.substr(start, end - start);
        if (line == number) {
            if (!replacement.empty()) {
                out += replacement + "\n";
            }
        } else {
            out += current + "\n";
        }
        ++line;
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

/// The diagnostics of a load that must fail, as printed lines.
std::vector<std::string> diagnostics_of(const ConfigResult& result)
{
    REQUIRE_FALSE(result.has_value());
    std::vector<std::string> lines;
    for (const ConfigDiagnostic& d : result.error()) {
        lines.push_back(d.str());
    }
    return lines;
}

/// Loads a rule directory whose only protocol file is `protocol` and returns its diagnostics.
std::vector<std::string> load_protocol_problems(const RuleDir& dir, const std::string& protocol)
{
    dir.write("gateway.toml", valid_gateway);
    dir.write("protocols/one.toml", protocol);
    return diagnostics_of(load_policy(dir.gateway()));
}

std::string printable(const ConfigResult& result)
{
    std::string out;
    if (!result) {
        for (const ConfigDiagnostic& d : result.error()) {
            out += d.str() + "\n";
        }
    }
    return out;
}

} // namespace

TEST_CASE("the shipped rules load with the values of the signed protocols", "[config]")
{
    const ConfigResult result = load_policy(fs::path(PM_SOURCE_DIR) / "rules" / "gateway.toml");
    INFO(printable(result));
    REQUIRE(result.has_value());
    const Policy& policy = **result;

    CHECK(policy.gateway.discloser_domains == std::vector<std::string> { "opgroeien.be", "kindengezin.be" });
    CHECK(policy.gateway.language == Language::nl);
    CHECK(policy.gateway.header_name == "X-Protocol-Check");
    CHECK(policy.gateway.limits.max_message_bytes == 52428800);
    CHECK(policy.gateway.limits.max_mime_depth == 32);
    CHECK(policy.gateway.limits.max_parts == 1000);
    CHECK(policy.gateway.limits.max_decoded_bytes == 209715200);
    CHECK(policy.gateway.limits.time_budget == std::chrono::milliseconds { 10000 });
    REQUIRE(policy.gateway.actions.size() == all_violation_codes.size());
    for (const ViolationCode code : all_violation_codes) {
        INFO(to_string(code));
        CHECK(policy.gateway.actions.at(code)
            == (code == ViolationCode::data_special_category ? Action::quarantine : Action::reject));
    }

    REQUIRE(policy.protocols.size() == 2);
    const Protocol& pepingen = policy.protocols[0]; // files load in sorted order
    const Protocol& tessenderlo = policy.protocols[1];
    using std::chrono::day, std::chrono::month, std::chrono::year;
    const std::vector<FieldType> article_3
        = { FieldType::name, FieldType::address, FieldType::phone, FieldType::email };

    CHECK(tessenderlo.id == "opgroeien-tessenderlo-ham");
    CHECK(tessenderlo.recipient == "OCMW Tessenderlo-Ham");
    REQUIRE(tessenderlo.mailboxes.size() == 1);
    CHECK(tessenderlo.mailboxes[0].str() == "socialedienst@tessenderlo-ham.be");
    CHECK(tessenderlo.domains == std::vector<std::string> { "tessenderlo-ham.be" });
    CHECK(tessenderlo.in_force_from == Date { year { 2026 }, month { 2 }, day { 1 } });
    CHECK_FALSE(tessenderlo.in_force_until);
    CHECK_FALSE(tessenderlo.suspended);
    CHECK(tessenderlo.permitted_fields == article_3);
    CHECK_FALSE(tessenderlo.cleartext_allowed);
    CHECK(tessenderlo.readable_attachments == ReadableAttachments::strict);
    CHECK(tessenderlo.transport == TransportMethod::encrypted_archive);
    CHECK(tessenderlo.archive.min_cipher == Cipher::aes256);
    CHECK(tessenderlo.archive.require_encrypted_names);
    CHECK(tessenderlo.archive.min_kdf_cycles_power == 19);
    CHECK_FALSE(tessenderlo.archive.allow_zip_aes256);
    CHECK(tessenderlo.own_domains
        == std::vector<std::string> { "opgroeien.be", "kindengezin.be", "tessenderlo-ham.be" });
    REQUIRE(tessenderlo.contacts.size() == 2);
    CHECK(tessenderlo.contacts[0].email == "dpo@opgroeien.be");
    CHECK(tessenderlo.contacts[1].email == "privacy@tessenderlo-ham.be");
    CHECK(tessenderlo.actions.empty());
    CHECK(tessenderlo.source_file.ends_with("rules/protocols/opgroeien-tessenderlo-ham.toml"));

    CHECK(pepingen.id == "opgroeien-pepingen");
    REQUIRE(pepingen.mailboxes.size() == 1);
    CHECK(pepingen.mailboxes[0].str() == "ocmw@pepingen.be");
    CHECK(pepingen.domains == std::vector<std::string> { "pepingen.be" });
    CHECK(pepingen.in_force_from == Date { year { 2025 }, month { 12 }, day { 18 } });
    CHECK(pepingen.permitted_fields == article_3);
    CHECK(pepingen.transport == TransportMethod::sensitivity_label);
    CHECK(pepingen.label.names == std::vector<std::string> { "Geheim" });
    CHECK(pepingen.label.require_encryption);
    CHECK(pepingen.own_domains
        == std::vector<std::string> { "opgroeien.be", "kindengezin.be", "pepingen.be", "welzijnskoepel.be" });
    REQUIRE(pepingen.contacts.size() == 2);
    CHECK(pepingen.contacts[0].email == "dpo@opgroeien.be");
    CHECK(pepingen.contacts[1].email == "filip.haesen@welzijnskoepel.be");

    CHECK(policy.action_for(pepingen, ViolationCode::data_special_category) == Action::quarantine);
    CHECK(policy.action_for(pepingen, ViolationCode::label_missing) == Action::reject);
}

TEST_CASE("a third protocol is just one more file in the protocols directory", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml", valid_gateway);
    dir.write("protocols/b.toml", protocol_text("p-b", "ocmw@b.be"));
    dir.write("protocols/a.toml", protocol_text("p-a", "ocmw@a.be"));
    dir.write("protocols/c.toml", protocol_text("p-c", "ocmw@c.be"));
    dir.write("protocols/notes.txt", "not a protocol");
    const ConfigResult result = load_policy(dir.gateway());
    INFO(printable(result));
    REQUIRE(result.has_value());
    REQUIRE((*result)->protocols.size() == 3);
    CHECK((*result)->protocols[0].id == "p-a");
    CHECK((*result)->protocols[2].id == "p-c");
    CHECK((*result)->protocols[2].source_file == dir.path("protocols/c.toml"));
}

TEST_CASE("an unknown key is reported with its file, line and column", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml",
        with_line(valid_gateway, 3, "discloser_domains = [\"opgroeien.be\"]\nlangauge = \"nl\""));
    dir.write("protocols/one.toml", protocol_text() + "[transport.labels]\nnames = [\"Geheim\"]\n");
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]
        == dir.path("gateway.toml") + ":4:1: gateway.langauge: unknown key (did you mean \"language\"?)");
    CHECK(lines[1]
        == dir.path("protocols/one.toml")
            + ":22:12: transport.labels: unknown key (did you mean \"label\"?)");
}

TEST_CASE("a value of the wrong type is reported at the value", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml", valid_gateway + "[limits]\nmax_parts = \"1000\"\n");
    dir.write("protocols/one.toml", with_line(protocol_text(), 9, "domains = \"one.be\""));
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]
        == dir.path("gateway.toml")
            + ":6:13: limits.max_parts: expected an integer, found a string (write a whole number without "
              "quotes)");
    CHECK(lines[1]
        == dir.path("protocols/one.toml")
            + ":9:11: recipient.domains: expected a list, found a string (write a list in square brackets, "
              "e.g. [\"...\"])");
}

TEST_CASE("an integer out of its range is reported with the allowed range", "[config]")
{
    RuleDir dir;
    const auto lines
        = load_protocol_problems(dir, with_line(protocol_text(), 17, "min_kdf_cycles_power = 64"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/one.toml")
            + ":17:24: transport.archive.min_kdf_cycles_power: 64 is out of range (use a value from 0 to "
              "63)");
}

TEST_CASE("a malformed or tagged mailbox address is reported at the list element", "[config]")
{
    RuleDir dir;
    SECTION("not an address")
    {
        const auto lines = load_protocol_problems(
            dir, with_line(protocol_text(), 8, R"(mailboxes = ["OCMW <ocmw@one.be>"])"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":8:14: recipient.mailboxes[0]: \"OCMW <ocmw@one.be>\" is not a plain e-mail address "
                  "(write it as user@example.be, without display name, angle brackets or spaces)");
    }
    SECTION("a +tag")
    {
        const auto lines = load_protocol_problems(
            dir, with_line(protocol_text(), 8, R"(mailboxes = ["ocmw@one.be", "OCMW+ref@one.be"])"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":8:29: recipient.mailboxes[1]: \"OCMW+ref@one.be\" has a +tag "
                  "(a mailbox is written without sub-address: \"ocmw@one.be\")");
    }
    SECTION("a contact's address")
    {
        const auto lines
            = load_protocol_problems(dir, with_line(protocol_text(), 21, R"(email = "dpo at opgroeien.be")"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].starts_with(dir.path("protocols/one.toml")
            + ":21:9: contacts[0].email: \"dpo at opgroeien.be\" is not a plain e-mail address"));
    }
}

TEST_CASE("a malformed domain is reported at the list element", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml",
        with_line(valid_gateway, 3, R"(discloser_domains = ["opgroeien.be", "@kindengezin.be"])"));
    dir.write("protocols/one.toml", protocol_text());
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("gateway.toml")
            + ":3:38: gateway.discloser_domains[1]: \"@kindengezin.be\" is not a domain name "
              "(write the bare domain, e.g. \"example.be\": no @, no scheme, no spaces)");
}

TEST_CASE("a malformed date is reported with how to write one", "[config]")
{
    RuleDir dir;
    SECTION("free text")
    {
        const auto lines = load_protocol_problems(
            dir, with_line(protocol_text(), 11, R"(in_force_from = "1 februari 2026")"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":11:17: validity.in_force_from: malformed date \"1 februari 2026\" "
                  "(write an ISO date without quotes, e.g. 2026-02-01)");
    }
    SECTION("a quoted ISO date")
    {
        const auto lines
            = load_protocol_problems(dir, with_line(protocol_text(), 11, R"(in_force_from = "2026-02-01")"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":11:17: validity.in_force_from: a date must not be quoted (write in_force_from = "
                  "2026-02-01)");
    }
    SECTION("a date-time")
    {
        const auto lines = load_protocol_problems(
            dir, with_line(protocol_text(), 11, "in_force_from = 2026-02-01T08:00:00"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":11:17: validity.in_force_from: expected a date, found a date-time (write only the day, "
                  "e.g. 2026-02-01)");
    }
}

TEST_CASE("in_force_until before in_force_from is reported at in_force_until", "[config]")
{
    RuleDir dir;
    const auto lines = load_protocol_problems(
        dir, with_line(protocol_text(), 11, "in_force_from = 2026-02-01\nin_force_until = 2026-01-31"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/one.toml")
            + ":12:18: validity.in_force_until: 2026-01-31 is before in_force_from 2026-02-01 "
              "(in_force_until is the last day the protocol applies; correct one of the two dates)");
}

TEST_CASE("a mailbox claimed by two protocols names both files", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml", valid_gateway);
    dir.write("protocols/a.toml", protocol_text("p-a", "ocmw@one.be"));
    dir.write("protocols/b.toml", protocol_text("p-b", "OCMW@One.be"));
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/b.toml")
            + ":8:14: recipient.mailboxes[0]: mailbox ocmw@one.be is also claimed by protocol \"p-a\" in "
            + dir.path("protocols/a.toml")
            + ":8:14 (a mailbox belongs to one protocol only; remove it from one of the two files)");
}

TEST_CASE("two protocols with the same id are reported at the second id", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml", valid_gateway);
    dir.write("protocols/a.toml", protocol_text("p-same", "ocmw@a.be"));
    dir.write("protocols/b.toml", protocol_text("p-same", "ocmw@b.be"));
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/b.toml") + ":2:6: id: protocol id \"p-same\" is already used by "
            + dir.path("protocols/a.toml") + ":2:6 (give every protocol file its own id)");
}

TEST_CASE("an unknown violation code in an actions table is reported with a suggestion", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml", valid_gateway + "[actions]\n\"data.special_categroy\" = \"quarantine\"\n");
    dir.write("protocols/one.toml", protocol_text() + "[actions]\ndata.not_permitted = \"quarantine\"\n");
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]
        == dir.path("gateway.toml")
            + ":6:1: actions.\"data.special_categroy\": unknown violation code (did you mean "
              "\"data.special_category\"?)");
    CHECK(lines[1]
        == dir.path("protocols/one.toml")
            + ":23:1: actions.data: a violation code must be a quoted key (write \"data.not_permitted\" = "
              "\"reject\")");
}

TEST_CASE("an unknown action, or tempfail, in an actions table is reported at the value", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml",
        valid_gateway + "[actions]\n\"label.wrong\" = \"drop\"\n\"archive.unverifiable\" = \"tempfail\"\n");
    dir.write("protocols/one.toml", protocol_text());
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]
        == dir.path("gateway.toml")
            + ":6:17: actions.\"label.wrong\": unknown action \"drop\" (use \"accept\", \"reject\", or "
              "\"quarantine\")");
    CHECK(lines[1]
        == dir.path("gateway.toml")
            + ":7:26: actions.\"archive.unverifiable\": \"tempfail\" cannot be configured "
              "(tempfail is reserved for the gateway's own failures; use \"reject\" or \"quarantine\")");
}

TEST_CASE("an unknown field type in the permitted list is reported at the element", "[config]")
{
    RuleDir dir;
    const auto lines
        = load_protocol_problems(dir, with_line(protocol_text(), 13, R"(permitted = ["name", "adress"])"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/one.toml")
            + ":13:22: data.permitted[1]: unknown field type \"adress\" (did you mean \"address\"? known "
              "types: "
            + std::string(known_field_types) + ")");
}

TEST_CASE("an unknown choice value is reported with the allowed values", "[config]")
{
    RuleDir dir;
    const auto lines = load_protocol_problems(dir, with_line(protocol_text(), 15, R"(method = "7zip")"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/one.toml")
            + ":15:10: transport.method: unknown value \"7zip\" (use \"encrypted_archive\" or "
              "\"sensitivity_label\")");
}

TEST_CASE("a missing required key is reported at its table", "[config]")
{
    RuleDir dir;
    SECTION("at the top of the file")
    {
        const auto lines = load_protocol_problems(dir, with_line(protocol_text(), 3, ""));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":1:1: title: missing required key (add title = ... near the top of the file, before the "
                  "first [section])");
    }
    SECTION("in a section")
    {
        const auto lines = load_protocol_problems(dir, with_line(protocol_text(), 8, ""));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":7:1: recipient.mailboxes: missing required key (add mailboxes = ... to the [recipient] "
                  "section)");
    }
    SECTION("a whole section")
    {
        const auto lines = load_protocol_problems(dir, with_line(with_line(protocol_text(), 16, ""), 16, ""));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":14:1: transport.archive: missing required table (method \"encrypted_archive\" needs a "
                  "[transport.archive] section)");
    }
}

TEST_CASE("a transport sub-table that does not match the method is an error", "[config]")
{
    RuleDir dir;
    const auto lines
        = load_protocol_problems(dir, protocol_text() + "[transport.label]\nnames = [\"Geheim\"]\n");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("protocols/one.toml")
            + ":22:1: transport.label: does not apply to method \"encrypted_archive\" (remove "
              "[transport.label], or change method)");
}

TEST_CASE("a missing or unsupported schema_version is reported", "[config]")
{
    RuleDir dir;
    SECTION("missing: the rest of the file is still checked")
    {
        const auto lines = load_protocol_problems(dir, with_line(protocol_text(), 1, "titel = \"x\""));
        REQUIRE(lines.size() == 2);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":1:1: schema_version: missing schema_version (add schema_version = 1 as the first line)");
        CHECK(lines[1]
            == dir.path("protocols/one.toml") + ":1:1: titel: unknown key (did you mean \"title\"?)");
    }
    SECTION("another version: nothing else is read")
    {
        const auto lines = load_protocol_problems(
            dir, with_line(protocol_text(), 1, "schema_version = 2\nfuture_key = 1"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0]
            == dir.path("protocols/one.toml")
                + ":1:18: schema_version: unsupported schema_version 2 (this protocol-milter reads "
                  "schema_version = 1; "
                  "write the file for that version or upgrade protocol-milter)");
    }
}

TEST_CASE("a TOML syntax error is reported with its position", "[config]")
{
    RuleDir dir;
    const auto lines = load_protocol_problems(dir, with_line(protocol_text(), 3, "title = \"Test protocol"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].starts_with(dir.path("protocols/one.toml") + ":3:"));
    CHECK(lines[0].find(": TOML syntax error: ") != std::string::npos);
    CHECK(lines[0].ends_with("(nothing else in this file was checked; fix this first)"));
}

TEST_CASE(
    "a missing protocol file or a glob that matches nothing is reported in the gateway file", "[config]")
{
    RuleDir dir;
    dir.write("gateway.toml",
        with_line(valid_gateway, 4, R"(protocols = ["protocols/*.toml", "protocols/gone.toml"])"));
    dir.write("protocols/one.txt", "not a match");
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]
        == dir.path("gateway.toml") + ":4:14: gateway.protocols[0]: \"protocols/*.toml\" matches no file in "
            + dir.path("protocols") + " (add a protocol file there, or correct the pattern)");
    CHECK(lines[1]
        == dir.path("gateway.toml") + ":4:34: gateway.protocols[1]: protocol file "
            + dir.path("protocols/gone.toml")
            + " does not exist (create it, or correct the path; it is relative to the gateway file's "
              "directory)");
}

TEST_CASE("a missing gateway file is reported without a position", "[config]")
{
    RuleDir dir;
    const auto lines = diagnostics_of(load_policy(dir.gateway()));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]
        == dir.path("gateway.toml")
            + ": the gateway file does not exist (check the path given with --config)");
}

TEST_CASE("every problem of every file is collected in one pass, in file and line order", "[config]")
{
    RuleDir dir;
    std::string protocol = protocol_text();
    protocol = with_line(protocol, 17, "min_kdf_cycles_power = \"19\""); // wrong type
    protocol = with_line(protocol, 11, "in_force_from = \"01/02/2026\""); // malformed date
    protocol = with_line(protocol, 3, "title = \"Test\"\ncolour = \"red\""); // unknown key
    dir.write("gateway.toml", with_line(valid_gateway, 3, R"(discloser_domains = ["opgroeien"])"));
    dir.write("protocols/one.toml", protocol);
    const ConfigResult result = load_policy(dir.gateway());
    const auto lines = diagnostics_of(result);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].starts_with(dir.path("gateway.toml") + ":3:22: gateway.discloser_domains[0]: "));
    CHECK(lines[1].starts_with(dir.path("protocols/one.toml") + ":4:1: colour: unknown key"));
    CHECK(lines[2].starts_with(
        dir.path("protocols/one.toml") + ":12:17: validity.in_force_from: malformed date"));
    CHECK(lines[3].starts_with(dir.path("protocols/one.toml")
        + ":18:24: transport.archive.min_kdf_cycles_power: expected an integer"));
    CHECK(result.error()[1].key_path == "colour");
    CHECK(result.error()[1].line == 4);
    CHECK(result.error()[1].column == 1);
}

TEST_CASE("a diagnostic without position or key path prints only what it has", "[config]")
{
    const ConfigDiagnostic full { "rules/gateway.toml", 3, 5, "gateway.language", "unknown value \"fr\"",
        "use \"nl\"" };
    CHECK(full.str() == "rules/gateway.toml:3:5: gateway.language: unknown value \"fr\" (use \"nl\")");
    const ConfigDiagnostic bare { "rules/gateway.toml", 0, 0, "", "cannot be read", "" };
    CHECK(bare.str() == "rules/gateway.toml: cannot be read");
}
