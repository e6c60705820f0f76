// `[milter]` in gateway.toml: how the daemon (`protocol-milter serve`) meets Postfix.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pm {

/// Where the daemon's log lines go: stderr (journald under systemd) or syslog (facility mail).
enum class LogTarget { stderr_stream, syslog };

/// What "quarantine" means for the daemon: "hold" = Postfix's hold queue (smfi_quarantine).
enum class QuarantineMode { hold };

/// Settings of the milter daemon. Read at start; socket, socket_mode, socket_group, log and
/// mta_timeout_seconds need a restart, the others apply to the next message after a reload.
struct MilterSettings {
    /// libmilter socket spec: `unix:/path`, `local:/path`, `inet:PORT@HOST`, `inet6:PORT@HOST`.
    std::string socket = "unix:/run/protocol-milter/milter.sock";
    /// Permissions of a unix socket after it is created (Postfix must be able to write it).
    std::uint32_t socket_mode = 0660;
    /// Group given to a unix socket (e.g. "postfix"); empty: the daemon's own group.
    std::string socket_group;
    /// Directory for message bodies larger than memory_buffer_bytes (0600 files, unlinked at once).
    std::filesystem::path spool_dir = "/var/lib/protocol-milter/spool";
    /// A message is kept in memory up to this size, then spilled to a file in spool_dir.
    std::uint64_t memory_buffer_bytes = 4ull << 20;
    LogTarget log = LogTarget::stderr_stream;
    /// Log fast-path accepts and other per-message details too ("debug") or not ("info").
    bool log_debug = false;
    QuarantineMode quarantine = QuarantineMode::hold;
    /// libmilter's read/write timeout towards the MTA (smfi_settimeout), in seconds.
    std::chrono::seconds mta_timeout{7210};
};

/// The path of a `unix:`/`local:` socket spec; nullopt for inet sockets or a malformed spec.
std::optional<std::string> unix_socket_path(std::string_view spec);

/// Empty when `spec` is a socket spec libmilter accepts (see MilterSettings::socket), else the
/// problem in a few words.
std::string socket_spec_problem(std::string_view spec);

namespace config {
class TableReader;
/// Reads the optional `[milter]` table of gateway.toml into `settings`; problems are reported.
void read_milter_settings(TableReader& root, MilterSettings& settings);
} // namespace config

} // namespace pm
