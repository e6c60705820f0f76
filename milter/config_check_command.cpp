// `protocol-milter config-check [--config FILE]`: validate the rule files, print every problem.
#include "commands.hpp"

#include "inspect/ruleset.hpp"
#include "notice/templates.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace pm::cli {

std::string default_config_path()
{
    return PM_DEFAULT_CONFIG;
}

Command add_config_check_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("config-check", "Validate gateway.toml and the protocol files");
    auto config = std::make_shared<std::string>(default_config_path());
    cmd->add_option("--config", *config, "gateway file")->capture_default_str();
    return {cmd, [config]() {
        const auto rules = load_ruleset(*config);
        if (!rules) {
            for (const std::string& line : rules.error()) {
                fmt::print(stderr, "{}\n", line);
            }
            fmt::print(stderr, "{}: {} problem(s); nothing was loaded\n", *config, rules.error().size());
            return exit_error;
        }
        const Policy& p = *(*rules)->policy;
        if (p.gateway.dpo.notice.enabled) {
            if (auto templates = notice::load_templates(p.gateway.dpo.notice.templates, p.gateway.language); !templates) {
                for (const std::string& line : templates.error()) {
                    fmt::print(stderr, "{}\n", line);
                }
                fmt::print(stderr, "{}: {} problem(s) in the notice templates\n", *config, templates.error().size());
                return exit_error;
            }
        }
        std::string ids;
        for (const Protocol& protocol : p.protocols) {
            ids += (ids.empty() ? "" : ", ") + protocol.id;
        }
        fmt::print("{}: OK: {} protocol(s) ({}), {} discloser domain(s)\n", *config,
            p.protocols.size(), ids, p.gateway.discloser_domains.size());
        return exit_ok;
    }};
}

} // namespace pm::cli
