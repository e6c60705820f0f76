// The processing register: hash chain, verification, tampering, rotation, concurrent writers.
#include "audit/message_facts.hpp"
#include "audit/register.hpp"
#include "core/digest.hpp"
#include "mime/message_tree.hpp"
#include "support/dpo_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <atomic>
#include <fmt/format.h>
#include <optional>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const Instant at = *parse_instant("2026-11-24T09:00:00Z");

audit::Record record(int n, audit::Event event = audit::Event::quarantine)
{
    audit::Record r;
    r.time = at + std::chrono::seconds(n);
    r.event = event;
    r.ref = fmt::format("PM-20261124-{:08}", n);
    r.queue_id = fmt::format("Q{}", n);
    r.sender = "jan.peeters@opgroeien.be";
    r.recipients = { "socialedienst@tessenderlo-ham.be" };
    r.protocols = { "opgroeien-tessenderlo-ham" };
    r.verdict = "quarantine";
    r.codes = { "data.special_category" };
    return r;
}

std::vector<std::string> lines_of(const fs::path& file)
{
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

void write_lines(const fs::path& file, const std::vector<std::string>& lines)
{
    std::ofstream out(file, std::ios::trunc);
    for (const std::string& line : lines) {
        out << line << "\n";
    }
}

AuditSettings settings_in(const test::DpoWorld& world)
{
    return world.policy.gateway.dpo.audit;
}

} // namespace

TEST_CASE("each register line chains to the one before it and verifies", "[audit][register]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        for (int i = 1; i <= 5; ++i) {
            REQUIRE(reg.append(record(i)).has_value());
        }
    }
    const auto lines = lines_of(settings.file);
    REQUIRE(lines.size() == 5);
    const auto first = nlohmann::json::parse(lines[0]);
    CHECK(first["seq"] == 1);
    CHECK(first["prev"] == std::string(audit::genesis_hash));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto doc = nlohmann::json::parse(lines[i]);
        CHECK(doc["seq"] == i + 1);
        CHECK(doc["prev"] == nlohmann::json::parse(lines[i - 1])["hash"]);
    }
    struct stat st {};
    REQUIRE(::stat(settings.file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    const auto report = audit::verify_chain(audit::register_files(settings.file), false);
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.lines == 5);
    CHECK(report.head == nlohmann::json::parse(lines.back())["hash"]);
}

TEST_CASE("a register line records hashes and counts, never names or content", "[audit][register]")
{
    const std::string message = test::special_category_message("De vader zit in de gevangenis.", "strafblad-jan.docx");
    const auto tree = mime::parse_message(message, Limits {});
    REQUIRE(tree.has_value());
    audit::Record r = record(1);
    audit::add_message_facts(r, *tree);
    CHECK(r.attachment_count == 1);
    REQUIRE(r.attachment_sha256.size() == 1);
    CHECK(r.attachment_sha256[0] == sha256_hex(std::string("PK\x03\x04 not really a docx", 25)));
    CHECK(r.message_id_sha256 == sha256_hex("<test-message@example.org>"));
    const std::string line = audit::chained_line(r, 1, audit::genesis_hash);
    CHECK(line.find("strafblad") == std::string::npos);
    CHECK(line.find("gevangenis") == std::string::npos);
    CHECK(line.find("Doorverwijzing") == std::string::npos);
    CHECK(line.find("test-message@example.org") == std::string::npos);
}

TEST_CASE("a changed line is named at that line", "[audit][register][tamper]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        for (int i = 1; i <= 6; ++i) {
            REQUIRE(reg.append(record(i)).has_value());
        }
    }
    auto lines = lines_of(settings.file);
    const auto pos = lines[3].find("\"quarantine\"");
    REQUIRE(pos != std::string::npos);
    lines[3].replace(pos, 12, "\"accept\"");
    write_lines(settings.file, lines);
    const auto report = audit::verify_chain({ settings.file }, false);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.starts_with(settings.file.string() + ":4: "));
    CHECK(report.lines == 3);
}

TEST_CASE("a changed line whose hash was recomputed breaks the chain at the next line", "[audit][register][tamper]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        for (int i = 1; i <= 4; ++i) {
            REQUIRE(reg.append(record(i)).has_value());
        }
    }
    auto lines = lines_of(settings.file);
    const auto link = audit::parse_link(lines[1]);
    REQUIRE(link.has_value());
    audit::Record forged = record(2, audit::Event::accept);
    lines[1] = audit::chained_line(forged, link->seq, link->prev);
    write_lines(settings.file, lines);
    const auto report = audit::verify_chain({ settings.file }, false);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.starts_with(settings.file.string() + ":3: "));
}

TEST_CASE("a deleted line is found where the gap is", "[audit][register][tamper]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        for (int i = 1; i <= 5; ++i) {
            REQUIRE(reg.append(record(i)).has_value());
        }
    }
    auto lines = lines_of(settings.file);
    lines.erase(lines.begin() + 2);
    write_lines(settings.file, lines);
    const auto report = audit::verify_chain({ settings.file }, false);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.starts_with(settings.file.string() + ":3: "));
    CHECK(report.problem.find("missing") != std::string::npos);

    // The first line removed: the chain no longer starts at genesis.
    lines = lines_of(settings.file);
    lines.erase(lines.begin());
    write_lines(settings.file, lines);
    const auto head_cut = audit::verify_chain({ settings.file }, false);
    CHECK_FALSE(head_cut.ok);
    CHECK(head_cut.problem.starts_with(settings.file.string() + ":1: "));
}

TEST_CASE("a truncated last line is a break, and no writer appends after it", "[audit][register][tamper]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        REQUIRE(reg.append(record(1)).has_value());
        REQUIRE(reg.append(record(2)).has_value());
    }
    const auto size = fs::file_size(settings.file);
    fs::resize_file(settings.file, size - 10);
    const auto report = audit::verify_chain({ settings.file }, false);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.starts_with(settings.file.string() + ":2: "));
    audit::Register reg(settings);
    const auto appended = reg.append(record(3));
    REQUIRE_FALSE(appended.has_value());
    CHECK(appended.error().message.find("incomplete line") != std::string::npos);
    CHECK(fs::file_size(settings.file) == size - 10);
}

TEST_CASE("rotation starts a new file that chains to the last line of the old one", "[audit][register][rotation]")
{
    test::DpoWorld world;
    AuditSettings settings = settings_in(world);
    settings.rotate_bytes = 2000;  // below the configurable minimum, to rotate every few lines
    {
        audit::Register reg(settings);
        for (int i = 1; i <= 30; ++i) {
            REQUIRE(reg.append(record(i)).has_value());
        }
    }
    const auto files = audit::register_files(settings.file);
    REQUIRE(files.size() >= 4);
    CHECK(files.back() == settings.file);
    std::uint64_t total = 0;
    for (const fs::path& f : files) {
        total += lines_of(f).size();
        CHECK(fs::file_size(f) <= 2000);
    }
    CHECK(total == 30);
    // The second file's first line chains to the first file's last line.
    const auto first_tail = nlohmann::json::parse(lines_of(files[0]).back());
    const auto second_head = nlohmann::json::parse(lines_of(files[1]).front());
    CHECK(second_head["prev"] == first_tail["hash"]);
    CHECK(second_head["seq"] == first_tail["seq"].get<int>() + 1);

    const auto report = audit::verify_chain(files, false);
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.lines == 30);

    // Files given out of order, or one left out, break the chain at a named line.
    std::vector<fs::path> without_second = files;
    without_second.erase(without_second.begin() + 1);
    const auto gap = audit::verify_chain(without_second, false);
    CHECK_FALSE(gap.ok);
    CHECK(gap.problem.starts_with(files[2].string() + ":1: "));

    // Older files removed on purpose: --partial accepts the rest.
    const std::vector<fs::path> tail(files.begin() + 1, files.end());
    CHECK_FALSE(audit::verify_chain(tail, false).ok);
    const auto partial = audit::verify_chain(tail, true);
    CHECK(partial.ok);
    CHECK_FALSE(partial.starts_at_genesis);
}

TEST_CASE("a fresh writer after rotation continues the chain of the newest rotated file", "[audit][register][rotation]")
{
    test::DpoWorld world;
    AuditSettings settings = settings_in(world);
    {
        audit::Register reg(settings);
        REQUIRE(reg.append(record(1)).has_value());
        REQUIRE(reg.append(record(2)).has_value());
    }
    // As if rotated by an earlier run; a new process finds an empty live file.
    fs::rename(settings.file, settings.file.parent_path() / "audit.20261124T090000Z-000000000002.jsonl");
    std::ofstream(settings.file).close();
    {
        audit::Register reg(settings);
        REQUIRE(reg.append(record(3)).has_value());
    }
    const auto report = audit::verify_chain(audit::register_files(settings.file), false);
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.lines == 3);
}

TEST_CASE("threads sharing one register and writers with their own descriptors keep one chain",
    "[audit][register][concurrency]")
{
    test::DpoWorld world;
    AuditSettings settings = settings_in(world);
    settings.rotate_bytes = 64 * 1024;
    settings.fsync = FsyncPolicy::batch;
    settings.batch_lines = 16;
    constexpr int threads = 8;
    constexpr int per_thread = 100;
    {
        audit::Register shared(settings);
        std::atomic<int> failures { 0 };
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                // Half the threads share the daemon's register; the others open their own, as
                // CLI processes do (flock serialises those).
                std::optional<audit::Register> own;
                if (t % 2 == 1) {
                    own.emplace(settings);
                }
                audit::Register& reg = own ? *own : shared;
                for (int i = 0; i < per_thread; ++i) {
                    if (!reg.append(record(t * 1000 + i))) {
                        ++failures;  // Catch2 assertions are not thread-safe
                    }
                }
            });
        }
        for (std::thread& w : workers) {
            w.join();
        }
        CHECK(failures == 0);
    }
    const auto files = audit::register_files(settings.file);
    const auto report = audit::verify_chain(files, false);
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.lines == threads * per_thread);
    const auto records = audit::read_records(files);
    REQUIRE(records.has_value());
    std::set<std::string> refs;
    for (const audit::Record& r : *records) {
        refs.insert(r.ref);
    }
    CHECK(refs.size() == threads * per_thread);
}

TEST_CASE("two processes appending at once keep one chain", "[audit][register][concurrency]")
{
    test::DpoWorld world;
    const AuditSettings settings = settings_in(world);
    constexpr int per_process = 200;
    std::vector<pid_t> children;
    for (int p = 0; p < 2; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            audit::Register reg(settings);
            int status = 0;
            for (int i = 0; i < per_process; ++i) {
                if (!reg.append(record(p * 1000 + i))) {
                    status = 1;
                }
            }
            std::_Exit(status);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const auto report = audit::verify_chain(audit::register_files(settings.file), false);
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.lines == 2 * per_process);
}
