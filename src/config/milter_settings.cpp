// Reads `[milter]` of gateway.toml: socket, spool, memory buffer, logging, quarantine mode.
#include "config/milter_settings.hpp"

#include "config/toml_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <sys/un.h>

namespace pm {

namespace {

constexpr std::array<std::string_view, 2> log_targets = { "stderr", "syslog" };
constexpr std::array<std::string_view, 2> log_levels = { "info", "debug" };
constexpr std::array<std::string_view, 1> quarantine_modes = { "hold" };

bool is_digits(std::string_view text)
{
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

/// A host name or address as libmilter takes it after '@' (name, dotted quad, or [v6]).
bool is_host(std::string_view host)
{
    return !host.empty() && host.size() <= 253 && std::ranges::all_of(host, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '-' || c == ':' || c == '[' || c == ']';
    });
}

/// "0660" -> 0660; nullopt unless three or four octal digits.
std::optional<std::uint32_t> parse_mode(std::string_view text)
{
    if (text.size() < 3 || text.size() > 4) {
        return std::nullopt;
    }
    std::uint32_t mode = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
    if (ec != std::errc{} || end != text.data() + text.size() || mode > 0777) {
        return std::nullopt;
    }
    return mode;
}

} // namespace

std::optional<std::string> unix_socket_path(std::string_view spec)
{
    for (const std::string_view prefix : { "unix:", "local:" }) {
        if (spec.starts_with(prefix)) {
            return std::string(spec.substr(prefix.size()));
        }
    }
    return std::nullopt;
}

std::string socket_spec_problem(std::string_view spec)
{
    if (const auto path = unix_socket_path(spec)) {
        if (path->empty() || !path->starts_with('/')) {
            return "the unix socket path is not absolute";
        }
        if (path->size() >= sizeof(sockaddr_un::sun_path)) {
            return fmt::format("the unix socket path is longer than {} bytes", sizeof(sockaddr_un::sun_path) - 1);
        }
        return {};
    }
    for (const std::string_view prefix : { "inet:", "inet6:" }) {
        if (!spec.starts_with(prefix)) {
            continue;
        }
        const std::string_view rest = spec.substr(prefix.size());
        const auto at = rest.find('@');
        const std::string_view port = rest.substr(0, at);
        int number = 0;
        if (!is_digits(port) || port.size() > 5
            || (std::from_chars(port.data(), port.data() + port.size(), number), number < 1 || number > 65535)) {
            return "the port is not a number from 1 to 65535";
        }
        if (at != std::string_view::npos && !is_host(rest.substr(at + 1))) {
            return "the host after '@' is not a host name or address";
        }
        return {};
    }
    return "unknown socket type";
}

namespace config {

void read_milter_settings(TableReader& root, MilterSettings& settings)
{
    std::optional<TableReader> table = root.table("milter", Need::optional);
    if (!table) {
        return;
    }
    if (const auto socket = table->string("socket", Need::optional)) {
        if (const std::string problem = socket_spec_problem(*socket); problem.empty()) {
            settings.socket = *socket;
        } else {
            table->report_value("socket", fmt::format("\"{}\": {}", *socket, problem),
                "write \"unix:/run/protocol-milter/milter.sock\" or \"inet:PORT@127.0.0.1\"");
        }
    }
    if (const auto mode = table->string("socket_mode", Need::optional)) {
        const auto parsed = parse_mode(*mode);
        if (!parsed) {
            table->report_value("socket_mode", fmt::format("\"{}\" is not an octal file mode", *mode),
                "write the mode as a quoted octal string, e.g. \"0660\"");
        } else if ((*parsed & 0600) != 0600) {
            table->report_value("socket_mode", fmt::format("\"{}\" does not let the daemon itself read and write", *mode),
                "keep the owner's read and write bits, e.g. \"0660\"");
        } else {
            settings.socket_mode = *parsed;
        }
    }
    if (const auto group = table->string("socket_group", Need::optional)) {
        settings.socket_group = *group;
    }
    if (const auto spool = table->string("spool_dir", Need::optional)) {
        if (spool->empty() || !spool->starts_with('/')) {
            table->report_value("spool_dir", fmt::format("\"{}\" is not an absolute path", *spool),
                "write an absolute directory, e.g. \"/var/lib/protocol-milter/spool\"");
        } else {
            settings.spool_dir = *spool;
        }
    }
    constexpr std::int64_t kib = 1024;
    if (const auto bytes = table->integer("memory_buffer_bytes", Need::optional, 64 * kib, 1024 * kib * kib)) {
        settings.memory_buffer_bytes = static_cast<std::uint64_t>(*bytes);
    }
    if (const auto log = table->choice("log", Need::optional, log_targets)) {
        settings.log = *log == 0 ? LogTarget::stderr_stream : LogTarget::syslog;
    }
    if (const auto level = table->choice("log_level", Need::optional, log_levels)) {
        settings.log_debug = *level == 1;
    }
    if (table->choice("quarantine", Need::optional, quarantine_modes)) {
        settings.quarantine = QuarantineMode::hold;
    }
    if (const auto seconds = table->integer("mta_timeout_seconds", Need::optional, 10, 86400)) {
        settings.mta_timeout = std::chrono::seconds{*seconds};
    }
    table->report_unknown_keys();
}

} // namespace config

} // namespace pm
