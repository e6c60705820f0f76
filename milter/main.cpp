// protocol-milter entry point: dispatches the subcommands (check, config-check, serve).
#include "commands.hpp"

#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char** argv)
{
    CLI::App app{"protocol-milter: enforces signed data-sharing protocols on outgoing mail"};
    app.require_subcommand(1);
    app.set_version_flag("--version", PM_VERSION);
    const std::vector<pm::cli::Command> commands = {
        pm::cli::add_check_command(app),
        pm::cli::add_config_check_command(app),
        pm::cli::add_serve_command(app),
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);
        // CLI11 returns 0 for --help/--version; every real usage error is exit status 2.
        return status == 0 ? pm::cli::exit_ok : pm::cli::exit_error;
    }
    try {
        for (const pm::cli::Command& command : commands) {
            if (command.app->parsed()) {
                return command.run();
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "protocol-milter: internal error: %s\n", e.what());
    }
    return pm::cli::exit_error;
}
