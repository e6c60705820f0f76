// `protocol-milter check`: run inspect() on message files without a daemon; text or JSON lines.
#include "commands.hpp"

#include "inspect/ruleset.hpp"
#include "inspect/inspect.hpp"
#include "mime/message_tree.hpp"
#include "report/explanation.hpp"
#include "report/verdict_json.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

namespace pm::cli {

namespace {

struct CheckOptions {
    std::string config = default_config_path();
    std::string sender;
    std::vector<std::string> recipients;
    std::string at;
    bool json = false;
    std::vector<std::string> files;
};

std::optional<std::string> read_file(const std::string& path, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = fmt::format("{}: cannot open: {}", path, std::strerror(errno));
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        error = fmt::format("{}: read error", path);
        return std::nullopt;
    }
    return std::move(content).str();
}

std::string_view verdict_word_nl(Action action)
{
    switch (action) {
    case Action::accept: return "ACCEPT (toegelaten)";
    case Action::reject: return "REJECT (geweigerd)";
    case Action::quarantine: return "QUARANTINE (vastgehouden voor de DPO)";
    case Action::tempfail: return "TEMPFAIL (tijdelijke fout, opnieuw proberen)";
    }
    return "TEMPFAIL";
}

const Protocol* find_protocol(const Policy& policy, const std::string& id)
{
    const auto it = std::ranges::find(policy.protocols, id, &Protocol::id);
    return it == policy.protocols.end() ? nullptr : &*it;
}

void print_text(const std::string& file, const Envelope& envelope, const Verdict& verdict,
    const Policy& policy)
{
    fmt::print("== {}\n", file);
    std::string rcpts;
    for (const Address& a : envelope.recipients) {
        rcpts += (rcpts.empty() ? "" : ", ") + a.str();
    }
    fmt::print("   envelope:  {} -> {}\n", envelope.sender ? envelope.sender->str() : "<>", rcpts);
    fmt::print("   verdict:   {}\n", verdict_word_nl(verdict.action));
    for (const std::string& id : verdict.protocols) {
        const Protocol* p = find_protocol(policy, id);
        fmt::print("   protocol:  {}{}\n", id, p ? " - " + p->title : "");
    }
    if (verdict.protocols.empty()) {
        fmt::print("   protocol:  (none applies)\n");
    }
    if (verdict.action == Action::tempfail) {
        fmt::print("   error:     {}\n", verdict.error);
    }
    for (const std::string& note : verdict.notes) {
        fmt::print("   note:      {}\n", note);
    }
    for (const Violation& v : verdict.violations) {
        fmt::print("   - {} [{}]{}\n", to_string(v.code), v.protocol_id,
            v.part.empty() ? "" : " part " + v.part);
        fmt::print("     {}\n", explain(v, find_protocol(policy, v.protocol_id), policy.gateway.language));
        fmt::print("     ({}{})\n", v.detail, v.evidence.empty() ? "" : "; " + v.evidence);
    }
    fmt::print("\n");
}

// The envelope from the flags, or else from the message's From and To/Cc/Bcc headers.
Envelope envelope_for(const CheckOptions& options, const std::optional<Address>& flag_sender,
    const std::vector<Address>& flag_rcpts, const mime::MessageTree& tree)
{
    Envelope envelope;
    envelope.sender = flag_sender;
    if (options.sender.empty() && !tree.from.empty()) {
        envelope.sender = Address::parse(tree.from.front());
    }
    envelope.recipients = flag_rcpts;
    if (options.recipients.empty()) {
        for (const std::string& r : tree.recipients) {
            if (auto a = Address::parse(r)) {
                envelope.recipients.push_back(std::move(*a));
            }
        }
    }
    return envelope;
}

int run_check(const CheckOptions& options)
{
    std::optional<Address> flag_sender;
    if (!options.sender.empty() && options.sender != "<>"
        && !(flag_sender = Address::parse(options.sender))) {
        fmt::print(stderr, "check: --sender '{}' is not an e-mail address\n", options.sender);
        return exit_error;
    }
    std::vector<Address> flag_rcpts;
    for (const std::string& r : options.recipients) {
        auto a = Address::parse(r);
        if (!a) {
            fmt::print(stderr, "check: --rcpt '{}' is not an e-mail address\n", r);
            return exit_error;
        }
        flag_rcpts.push_back(std::move(*a));
    }
    Instant at = now_instant();
    if (!options.at.empty()) {
        const auto parsed = parse_instant(options.at);
        if (!parsed) {
            fmt::print(stderr, "check: --at '{}' is not an ISO-8601 date or time "
                               "(e.g. 2026-03-01 or 2026-03-01T09:30:00+01:00)\n", options.at);
            return exit_error;
        }
        at = *parsed;
    }
    const auto rules = load_ruleset(options.config);
    if (!rules) {
        for (const std::string& line : rules.error()) {
            fmt::print(stderr, "{}\n", line);
        }
        return exit_error;
    }
    const Policy& policy = *(*rules)->policy;

    int status = exit_ok;
    for (const std::string& file : options.files) {
        std::string error;
        const auto bytes = read_file(file, error);
        Verdict verdict;
        Envelope envelope;
        if (!bytes) {
            fmt::print(stderr, "check: {}\n", error);
            verdict.action = Action::tempfail;
            verdict.error = error;
            status = exit_error;
        } else if (auto tree = mime::parse_message(*bytes, policy.gateway.limits); !tree) {
            verdict.action = Action::tempfail;
            verdict.error = tree.error().message;
            status = exit_error;
        } else {
            envelope = envelope_for(options, flag_sender, flag_rcpts, *tree);
            auto result = inspect_parsed(envelope, *tree, bytes->size(), **rules, at);
            if (result) {
                verdict = std::move(*result);
            } else {
                verdict.action = Action::tempfail;
                verdict.error = result.error().message;
            }
        }
        if (verdict.action != Action::accept && status == exit_ok) {
            status = exit_not_accepted;
        }
        if (options.json) {
            fmt::print("{}\n", verdict_json_line(file, verdict));
        } else {
            print_text(file, envelope, verdict, policy);
        }
    }
    return status;
}

} // namespace

Command add_check_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("check", "Judge message files as the daemon would");
    auto options = std::make_shared<CheckOptions>();
    cmd->add_option("--config", options->config, "gateway file")->capture_default_str();
    cmd->add_option("--sender", options->sender, "envelope sender (default: the From header)");
    cmd->add_option("--rcpt", options->recipients,
        "envelope recipient, repeatable (default: To, Cc and Bcc headers)");
    cmd->add_option("--at", options->at, "judge as if at this ISO-8601 time (default: now)");
    cmd->add_flag("--json", options->json, "one JSON line per file");
    cmd->add_option("FILE", options->files, "message files (.eml)")->required();
    return {cmd, [options]() { return run_check(*options); }};
}

} // namespace pm::cli
