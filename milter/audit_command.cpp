// `protocol-milter audit verify [FILE...]`: prove the register's hash chain, across rotated files.
#include "commands.hpp"
#include "dpo_common.hpp"

#include "audit/register.hpp"

#include <fmt/format.h>

namespace pm::cli {
namespace {

struct AuditOptions {
    std::string config = default_config_path();
    std::vector<std::string> files;
    bool partial = false;
};

int run_verify(const AuditOptions& o)
{
    std::vector<std::filesystem::path> files(o.files.begin(), o.files.end());
    if (files.empty()) {
        const auto policy = load_policy_or_report(o.config, "audit verify");
        if (!policy) {
            return exit_error;
        }
        files = audit::register_files(policy->gateway.dpo.audit.file);
        if (files.empty()) {
            fmt::print(stderr, "audit verify: no register at {}\n", policy->gateway.dpo.audit.file.string());
            return exit_error;
        }
    }
    const audit::VerifyReport report = audit::verify_chain(files, o.partial);
    if (!report.ok) {
        fmt::print("{}\n", report.problem);
        fmt::print(stderr, "audit verify: the chain is BROKEN after {} good line(s)\n", report.lines);
        return exit_not_accepted;
    }
    fmt::print("OK: {} line(s) in {} file(s), chain {} genesis; head {}\n", report.lines, files.size(),
        report.starts_at_genesis ? "from" : "NOT from (--partial)", report.head);
    return exit_ok;
}

} // namespace

Command add_audit_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("audit", "The processing register");
    cmd->require_subcommand(1);
    auto o = std::make_shared<AuditOptions>();
    auto* verify = cmd->add_subcommand("verify",
        "Prove the hash chain (exit 0), or name the first line that breaks it as file:line (exit 1)");
    verify->add_option("--config", o->config, "gateway file (for the register's path)")->capture_default_str();
    verify->add_flag("--partial", o->partial, "accept a chain whose older files were removed (no genesis line)");
    verify->add_option("FILE", o->files, "register files in chain order (default: every file of the register)");
    return { cmd, [o]() { return run_verify(*o); } };
}

} // namespace pm::cli
