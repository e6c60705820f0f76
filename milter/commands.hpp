// The CLI subcommands: each registers its options on a CLI11 app and runs after parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace pm::cli {

/// Exit statuses shared by every subcommand.
enum ExitStatus : int { exit_ok = 0, exit_not_accepted = 1, exit_error = 2 };

/// A registered subcommand and what runs it once the command line is parsed.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

/// `check [--config F] [--sender A] [--rcpt A]... [--at T] [--json] FILE...`
Command add_check_command(CLI::App& app);
/// `config-check [--config F]`
Command add_config_check_command(CLI::App& app);
/// `serve [--config F] [--socket SPEC] [--foreground]`: the milter daemon.
Command add_serve_command(CLI::App& app);

/// The default gateway file, `/etc/protocol-milter/gateway.toml`.
std::string default_config_path();

} // namespace pm::cli
