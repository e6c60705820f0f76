// The DPO's commands through the real binary: quarantine, audit verify, report, config-check.
#include "audit/register.hpp"
#include "config/loader.hpp"
#include "quarantine/release_token.hpp"
#include "quarantine/store.hpp"
#include "support/dpo_fixture.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace pm;
namespace fs = std::filesystem;
using test::run_command;
using test::shell_quote;

namespace {

const std::string binary = PM_BINARY;

/// The shipped rules copied to a temp dir, with the DPO sections added (relative paths) and a
/// fake sendmail.
struct Installed {
    test::TempDir dir;
    fs::path gateway;
    std::shared_ptr<const Policy> policy;

    explicit Installed(const std::string& extra = {})
    {
        fs::copy(fs::path(PM_SOURCE_DIR) / "rules", dir.path() / "rules", fs::copy_options::recursive);
        gateway = dir.path() / "rules" / "gateway.toml";
        std::ofstream(gateway, std::ios::app) << fmt::format(R"(
[quarantine]
dir = "../state/quarantine"
release_key = "../state/release.key"

[audit]
file = "../state/audit.jsonl"

[delivery]
sendmail = ["{}", "-i"]
{}
)", (dir.path() / "sendmail").string(), extra);
        std::ofstream(dir.path() / "sendmail") << "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \"$(dirname \"$0\")/argv\"\n"
                                                  "cat > \"$(dirname \"$0\")/stdin\"\n";
        fs::permissions(dir.path() / "sendmail", fs::perms::owner_all);
        auto loaded = load_policy(gateway);
        INFO((loaded ? std::string() : loaded.error().front().str()));
        REQUIRE(loaded.has_value());
        policy = *loaded;
    }
    test::ProcessResult run(const std::string& args) const
    {
        return run_command(binary + " " + args + " --config " + shell_quote(gateway.string()));
    }
};

} // namespace

TEST_CASE("DPO paths in gateway.toml resolve against its directory", "[cli][dpo][config]")
{
    Installed world;
    const DpoSettings& dpo = world.policy->gateway.dpo;
    CHECK(dpo.quarantine.dir == world.dir.path() / "state" / "quarantine");
    CHECK(dpo.audit.file == world.dir.path() / "state" / "audit.jsonl");
    CHECK(dpo.notice.templates == world.dir.path() / "rules" / "templates");
    CHECK(dpo.notice.from == "postmaster@opgroeien.be");
    CHECK(dpo.quarantine.retention_days == 30);
    CHECK(dpo.delivery.sendmail.size() == 2);
}

TEST_CASE("DPO settings problems are reported with their position", "[cli][dpo][config]")
{
    test::TempDir dir;
    fs::copy(fs::path(PM_SOURCE_DIR) / "rules", dir.path() / "rules", fs::copy_options::recursive);
    const fs::path gateway = dir.path() / "rules" / "gateway.toml";
    std::ifstream in(gateway);
    std::stringstream text;
    text << in.rdbuf();
    const std::string original = text.str();
    const int base = static_cast<int>(std::count(original.begin(), original.end(), '\n'));
    std::ofstream(gateway, std::ios::app) << "[audit]\nfsync = \"sometimes\"\nrotate = 5\n[delivery]\nsendmail = [\"sendmail\"]\n"
                                             "[quarantine]\nretention_days = 0\n";
    const auto r = run_command(binary + " config-check --config " + shell_quote(gateway.string()));
    CHECK(r.status == 2);
    INFO(r.err);
    CHECK(r.err.find(fmt::format("gateway.toml:{}:9: audit.fsync: unknown value \"sometimes\"", base + 2)) != std::string::npos);
    CHECK(r.err.find(fmt::format("gateway.toml:{}:1: audit.rotate: unknown key", base + 3)) != std::string::npos);
    CHECK(r.err.find("delivery.sendmail: must start with the absolute path") != std::string::npos);
    CHECK(r.err.find("quarantine.retention_days") != std::string::npos);
}

TEST_CASE("config-check names a bad placeholder in a notice template by file and line", "[cli][dpo][config]")
{
    Installed world;
    const fs::path nl = world.dir.path() / "rules" / "templates" / "notice.nl.txt";
    std::ifstream in(nl);
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto line = std::count(original.begin(), original.end(), '\n') + 1;
    std::ofstream(nl, std::ios::app) << "Groeten, {{afzender}}\n";
    const auto r = run_command(binary + " config-check --config " + shell_quote(world.gateway.string()));
    CHECK(r.status == 2);
    INFO(r.err);
    CHECK(r.err.find(fmt::format("notice.nl.txt:{}:10: unknown placeholder {{{{afzender}}}}", line)) != std::string::npos);
}

TEST_CASE("quarantine list, show and delete through the binary", "[cli][dpo][quarantine]")
{
    Installed world;
    quarantine::Store store(world.policy->gateway.dpo.quarantine);
    const Instant at = now_instant() - std::chrono::days(3);
    const auto entry = store.put(test::special_category_incident(at),
        test::special_category_message("De moeder heeft kanker.", "verslag.docx"));
    REQUIRE(entry.has_value());

    const auto list = world.run("quarantine list --json");
    INFO(list.err);
    REQUIRE(list.status == 0);
    const auto doc = nlohmann::json::parse(list.out);
    CHECK(doc["id"] == entry->id);
    CHECK(doc["violations"][0]["code"] == "data.special_category");
    CHECK(world.run("quarantine list --since 1d").out.empty());
    CHECK(world.run("quarantine list --protocol opgroeien-pepingen").out.empty());
    CHECK(world.run("quarantine list").out.find(entry->id + "  ") == 0);

    const auto show = world.run("quarantine show " + entry->id);
    REQUIRE(show.status == 0);
    CHECK(show.out.find("data.special_category") != std::string::npos);
    CHECK(show.out.find("Subject: Doorverwijzing gezin") != std::string::npos);
    CHECK(show.out.find("verslag.docx") != std::string::npos);
    const auto raw = world.run("quarantine show --raw " + entry->id);
    CHECK(raw.out == *store.read_message(entry->id, std::nullopt));

    const auto unknown = world.run("quarantine show PM-20261124-ZZZZZZZZ");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("no quarantined message PM-20261124-ZZZZZZZZ") != std::string::npos);

    const auto no_reason = world.run("quarantine delete " + entry->id);
    CHECK(no_reason.status == 2);
    CHECK(store.list()->size() == 1);
    const auto deleted = world.run("quarantine delete " + entry->id + " --reason " + shell_quote("dubbel verstuurd"));
    INFO(deleted.err);
    CHECK(deleted.status == 0);
    CHECK(store.list()->empty());
    const auto verify = world.run("audit verify");
    CHECK(verify.status == 0);
    CHECK(verify.out.starts_with("OK: 1 line(s)"));
}

TEST_CASE("quarantine release through the binary delivers with the original envelope", "[cli][dpo][quarantine]")
{
    Installed world;
    REQUIRE(quarantine::load_release_key(world.policy->gateway.dpo.quarantine.release_key, true).has_value());
    quarantine::Store store(world.policy->gateway.dpo.quarantine);
    const auto entry = store.put(test::special_category_incident(now_instant()), test::special_category_message("x", "y.docx"));
    REQUIRE(entry.has_value());
    const auto r = world.run("quarantine release " + entry->id + " --reason " + shell_quote("geen gevoelige gegevens"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::ifstream argv(world.dir.path() / "argv");
    std::stringstream args;
    args << argv.rdbuf();
    CHECK(args.str() == "-i\n-f\njan.peeters@opgroeien.be\n--\nsocialedienst@tessenderlo-ham.be\n");
    CHECK(store.list()->empty());
    const auto records = audit::read_records(audit::register_files(world.policy->gateway.dpo.audit.file));
    REQUIRE(records->size() == 1);
    CHECK(records->front().reason == "geen gevoelige gegevens");
}

TEST_CASE("purge removes what is older than the retention period", "[cli][dpo][quarantine]")
{
    Installed world("");
    quarantine::Store store(world.policy->gateway.dpo.quarantine);
    REQUIRE(store.put(test::special_category_incident(now_instant() - std::chrono::days(31)), "old").has_value());
    const auto young = store.put(test::special_category_incident(now_instant() - std::chrono::days(29)), "young");
    REQUIRE(young.has_value());
    const auto r = world.run("quarantine purge");
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("1 entry purged") != std::string::npos);
    REQUIRE(store.list()->size() == 1);
    CHECK(store.list()->front().id == young->id);
    CHECK(world.run("quarantine purge --older-than 1d").out.find("1 entry purged") != std::string::npos);
}

TEST_CASE("audit verify names the first broken line as file:line and exits 1", "[cli][dpo][audit]")
{
    Installed world;
    {
        audit::Register reg(world.policy->gateway.dpo.audit);
        for (int i = 0; i < 4; ++i) {
            audit::Record r;
            r.time = now_instant();
            r.ref = fmt::format("PM-20261124-{:08}", i);
            r.verdict = "accept";
            REQUIRE(reg.append(r).has_value());
        }
    }
    const fs::path file = world.policy->gateway.dpo.audit.file;
    CHECK(world.run("audit verify").status == 0);
    CHECK(run_command(binary + " audit verify " + shell_quote(file.string())).status == 0);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    content.replace(content.find("PM-20261124-00000002"), 20, "PM-20261124-00000009");
    std::ofstream(file, std::ios::trunc) << content;
    const auto r = run_command(binary + " audit verify " + shell_quote(file.string()));
    CHECK(r.status == 1);
    CHECK(r.out.starts_with(file.string() + ":3: "));
}

TEST_CASE("report --format csv and --out through the binary", "[cli][dpo][report]")
{
    Installed world;
    {
        audit::Register reg(world.policy->gateway.dpo.audit);
        for (int i = 0; i < 5; ++i) {
            audit::Record r;
            r.time = now_instant() - std::chrono::hours(i + 1);
            r.event = i < 3 ? audit::Event::reject : audit::Event::accept;
            r.ref = fmt::format("PM-20261124-{:08}", i);
            r.protocols = { "opgroeien-pepingen" };
            r.verdict = std::string(audit::to_string(r.event));
            r.codes = i < 3 ? std::vector<std::string> { "label.missing" } : std::vector<std::string> {};
            REQUIRE(reg.append(r).has_value());
        }
    }
    const auto csv = world.run("report --since 1d --format csv");
    INFO(csv.err);
    REQUIRE(csv.status == 0);
    CHECK(csv.out.find("verdict,opgroeien-pepingen,,reject,3\n") != std::string::npos);
    CHECK(csv.out.find("verdict,opgroeien-pepingen,,accept,2\n") != std::string::npos);
    CHECK(csv.out.find("code,opgroeien-pepingen,,label.missing,3\n") != std::string::npos);
    const fs::path out = world.dir.path() / "report.html";
    const auto html = world.run("report --from 2026-01-01 --to 2030-01-01 --format html --out " + shell_quote(out.string()));
    REQUIRE(html.status == 0);
    CHECK(fs::file_size(out) > 2000);
    CHECK(world.run("report --since 1d --from 2026-01-01 --to 2026-02-01").status == 2);
    CHECK(world.run("report --format pdf").status == 2);

    const auto mailed = world.run("report --since 1d --mail");
    INFO(mailed.err);
    REQUIRE(mailed.status == 0);
    std::ifstream argv(world.dir.path() / "argv");
    std::stringstream args;
    args << argv.rdbuf();
    CHECK(args.str() == "-i\n-f\n<>\n--\ndpo@opgroeien.be\n");
    std::ifstream mail(world.dir.path() / "stdin");
    std::stringstream body;
    body << mail.rdbuf();
    CHECK(body.str().find("multipart/alternative") != std::string::npos);
    CHECK(body.str().find("Auto-Submitted: auto-generated") != std::string::npos);
}
