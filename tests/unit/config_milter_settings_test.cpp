// `[milter]` in gateway.toml: defaults, every key read, and each mistake as file:line:col.
#include "config/loader.hpp"

#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>

using namespace pm;

namespace {

/// gateway.toml with the shipped protocol files and `milter` appended (line 5 onwards).
ConfigResult load_with(const test::TempDir& dir, const std::string& milter)
{
    const auto path = dir.path() / "gateway.toml";
    std::ofstream(path, std::ios::binary) << fmt::format(R"(schema_version = 1
[gateway]
discloser_domains = ["opgroeien.be"]
protocols = ["{}/rules/protocols/*.toml"]
{})", PM_SOURCE_DIR, milter);
    return load_policy(path);
}

std::vector<std::string> problems(const ConfigResult& result, const test::TempDir& dir)
{
    std::vector<std::string> out;
    if (!result) {
        for (const ConfigDiagnostic& d : result.error()) {
            std::string line = d.str();
            const std::string prefix = (dir.path() / "gateway.toml").string();
            if (line.starts_with(prefix)) {
                line = "gateway.toml" + line.substr(prefix.size());
            }
            out.push_back(line);
        }
    }
    return out;
}

} // namespace

TEST_CASE("without [milter] the daemon settings are the documented defaults", "[config][milter]")
{
    test::TempDir dir;
    const auto result = load_with(dir, "");
    REQUIRE(result.has_value());
    const MilterSettings& m = (*result)->gateway.milter;
    CHECK(m.socket == "unix:/run/protocol-milter/milter.sock");
    CHECK(m.socket_mode == 0660);
    CHECK(m.socket_group.empty());
    CHECK(m.spool_dir == "/var/lib/protocol-milter/spool");
    CHECK(m.memory_buffer_bytes == 4u << 20);
    CHECK(m.log == LogTarget::stderr_stream);
    CHECK_FALSE(m.log_debug);
    CHECK(m.quarantine == QuarantineMode::store);
    CHECK(m.mta_timeout == std::chrono::seconds(7210));
}

TEST_CASE("every [milter] key is read", "[config][milter]")
{
    test::TempDir dir;
    const auto result = load_with(dir, R"([milter]
socket = "inet:8891@127.0.0.1"
socket_mode = "0600"
socket_group = "postfix"
spool_dir = "/srv/pm-spool"
memory_buffer_bytes = 1048576
log = "syslog"
log_level = "debug"
quarantine = "hold"
mta_timeout_seconds = 600
)");
    INFO(fmt::format("{}", fmt::join(problems(result, dir), "\n")));
    REQUIRE(result.has_value());
    const MilterSettings& m = (*result)->gateway.milter;
    CHECK(m.socket == "inet:8891@127.0.0.1");
    CHECK(m.socket_mode == 0600);
    CHECK(m.socket_group == "postfix");
    CHECK(m.spool_dir == "/srv/pm-spool");
    CHECK(m.memory_buffer_bytes == 1048576);
    CHECK(m.log == LogTarget::syslog);
    CHECK(m.log_debug);
    CHECK(m.mta_timeout == std::chrono::seconds(600));
}

TEST_CASE("[milter] mistakes are reported with file, line, column and a fix", "[config][milter]")
{
    test::TempDir dir;
    const auto result = load_with(dir, R"([milter]
socket = "unix:relative.sock"
socket_mode = "rw-rw----"
spool_dir = "spool"
memory_buffer_bytes = 10
log = "journal"
quarantine = "postfix"
soket = "unix:/x"
)");
    CHECK(problems(result, dir) == std::vector<std::string>{
        "gateway.toml:6:10: milter.socket: \"unix:relative.sock\": the unix socket path is not absolute "
        "(write \"unix:/run/protocol-milter/milter.sock\" or \"inet:PORT@127.0.0.1\")",
        "gateway.toml:7:15: milter.socket_mode: \"rw-rw----\" is not an octal file mode (write the mode as a "
        "quoted octal string, e.g. \"0660\")",
        "gateway.toml:8:13: milter.spool_dir: \"spool\" is not an absolute path (write an absolute directory, "
        "e.g. \"/var/lib/protocol-milter/spool\")",
        "gateway.toml:9:23: milter.memory_buffer_bytes: 10 is out of range (use a value from 65536 to 1073741824)",
        "gateway.toml:10:7: milter.log: unknown value \"journal\" (use \"stderr\" or \"syslog\")",
        "gateway.toml:11:14: milter.quarantine: unknown value \"postfix\" (use \"store\" or \"hold\")",
        "gateway.toml:12:1: milter.soket: unknown key (did you mean \"socket\"?)",
    });
}

TEST_CASE("socket specs are checked as libmilter reads them", "[config][milter]")
{
    CHECK(socket_spec_problem("unix:/run/protocol-milter/milter.sock").empty());
    CHECK(socket_spec_problem("local:/tmp/m.sock").empty());
    CHECK(socket_spec_problem("inet:8891@127.0.0.1").empty());
    CHECK(socket_spec_problem("inet:8891").empty());
    CHECK(socket_spec_problem("inet6:8891@[::1]").empty());
    CHECK(socket_spec_problem("inet:99999@127.0.0.1") == "the port is not a number from 1 to 65535");
    CHECK(socket_spec_problem("inet:@127.0.0.1") == "the port is not a number from 1 to 65535");
    CHECK(socket_spec_problem("inet:25@bad host") == "the host after '@' is not a host name or address");
    CHECK(socket_spec_problem("tcp:25") == "unknown socket type");
    CHECK(socket_spec_problem("unix:/" + std::string(200, 'x')).starts_with("the unix socket path is longer"));
    CHECK(unix_socket_path("unix:/a/b.sock") == std::optional<std::string>("/a/b.sock"));
    CHECK_FALSE(unix_socket_path("inet:25@localhost").has_value());
}
