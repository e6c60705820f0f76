// The `serve` start-up contract: a daemon that cannot serve says why and exits 2 at once.
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using pm::test::run_command;
using pm::test::shell_quote;

namespace {

// A daemon that starts by mistake must not hang the test: each run is bounded.
const std::string binary = std::string("timeout 20 ") + PM_BINARY;

/// A gateway file in `dir` using the shipped protocols and lexicons, with `milter` as its
/// [milter] section (its keys start on line 7).
std::string gateway_with(const pm::test::TempDir& dir, const std::string& milter)
{
    const std::string rules = std::string(PM_SOURCE_DIR) + "/rules";
    const auto gateway = dir.path() / "gateway.toml";
    std::ofstream(gateway, std::ios::binary) << "schema_version = 1\n[gateway]\n"
        << "discloser_domains = [\"opgroeien.be\", \"kindengezin.be\"]\n"
        << "lexicons = \"" << rules << "/lexicons\"\n"
        << "protocols = [\"" << rules << "/protocols/*.toml\"]\n"
        << "[milter]\n" << milter;
    return gateway.string();
}

} // namespace

TEST_CASE("serve with an invalid rule file prints file:line:col problems and exits 2", "[cli][serve]")
{
    pm::test::TempDir dir;
    const std::string gateway = gateway_with(dir, "spool_dir = \"relative\"\nlog = \"journal\"\n");
    const auto r = run_command(binary + " serve --foreground --config " + shell_quote(gateway) + " --socket "
        + shell_quote("unix:" + (dir.path() / "m.sock").string()));
    CHECK(r.status == 2);
    CHECK(r.err.find("gateway.toml:7:13: milter.spool_dir: \"relative\" is not an absolute path") != std::string::npos);
    CHECK(r.err.find("gateway.toml:8:7: milter.log: unknown value \"journal\"") != std::string::npos);
    CHECK(r.err.find("2 problem(s); the milter was not started") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "m.sock"));
}

TEST_CASE("serve refuses a malformed --socket, a missing socket directory and a spool it cannot write",
    "[cli][serve]")
{
    pm::test::TempDir dir;
    const std::string spool = (dir.path() / "spool").string();
    // A file where the spool directory should be.
    std::ofstream(spool) << "not a directory";
    const std::string gateway = gateway_with(dir, "spool_dir = \"" + spool + "\"\n");
    const std::string socket = shell_quote("unix:" + (dir.path() / "m.sock").string());

    const auto bad_socket = run_command(binary + " serve --foreground --config " + shell_quote(gateway)
        + " --socket tcp:25");
    CHECK(bad_socket.status == 2);
    CHECK(bad_socket.err.find("--socket \"tcp:25\": unknown socket type") != std::string::npos);

    const auto no_dir = run_command(binary + " serve --foreground --config " + shell_quote(gateway)
        + " --socket " + shell_quote("unix:" + (dir.path() / "missing" / "m.sock").string()));
    CHECK(no_dir.status == 2);
    CHECK(no_dir.err.find("the socket directory") != std::string::npos);

    const auto bad_spool = run_command(binary + " serve --foreground --config " + shell_quote(gateway)
        + " --socket " + socket);
    CHECK(bad_spool.status == 2);
    CHECK(bad_spool.err.find("cannot create a file in spool_dir") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "m.sock"));
}
