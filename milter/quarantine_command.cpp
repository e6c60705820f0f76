// `protocol-milter quarantine list|show|release|delete|purge`: the DPO's review of held messages.
#include "commands.hpp"
#include "dpo_common.hpp"

#include "audit/register.hpp"
#include "mime/message_tree.hpp"
#include "notice/sender_notice.hpp"
#include "quarantine/store.hpp"
#include "report/explanation.hpp"
#include "review/review.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace pm::cli {

std::shared_ptr<const Policy> load_policy_or_report(const std::string& config, std::string_view command)
{
    auto policy = load_policy(config);
    if (!policy) {
        for (const ConfigDiagnostic& d : policy.error()) {
            fmt::print(stderr, "{}\n", d.str());
        }
        fmt::print(stderr, "{}: {} problem(s) in the configuration\n", command, policy.error().size());
        return nullptr;
    }
    return *policy;
}

namespace {

struct QuarantineOptions {
    std::string config = default_config_path();
    std::string since;
    std::string protocol;
    bool json = false;
    std::string id;
    std::string key;
    bool raw = false;
    std::string reason;
    std::string older_than;
};

std::optional<std::filesystem::path> key_path(const QuarantineOptions& o)
{
    return o.key.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.key);
}

std::string codes_of(const quarantine::Metadata& m)
{
    std::vector<std::string> codes;
    for (const Violation& v : m.violations) {
        std::string code(to_string(v.code));
        if (std::ranges::find(codes, code) == codes.end()) {
            codes.push_back(std::move(code));
        }
    }
    std::string out;
    for (const std::string& c : codes) {
        out += (out.empty() ? "" : ",") + c;
    }
    return out;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& i : items) {
        out += (out.empty() ? "" : ",") + i;
    }
    return out;
}

/// Hostile bytes must not drive the DPO's terminal: control characters (ESC ...) become '?'.
std::string printable(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
            c = '?';
        }
    }
    return out;
}

int error_status(const Error& e, std::string_view command)
{
    fmt::print(stderr, "quarantine {}: {}\n", command, e.message);
    return exit_error;
}

int run_list(const QuarantineOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "quarantine list");
    if (!policy) {
        return exit_error;
    }
    std::optional<std::chrono::seconds> since;
    if (!o.since.empty() && !(since = review::parse_duration(o.since))) {
        fmt::print(stderr, "quarantine list: --since '{}' is not a duration (e.g. 7d, 12h, 30m)\n", o.since);
        return exit_error;
    }
    quarantine::Store store(policy->gateway.dpo.quarantine);
    std::vector<std::string> problems;
    auto entries = store.list(&problems);
    if (!entries) {
        return error_status(entries.error(), "list");
    }
    for (const std::string& p : problems) {
        fmt::print(stderr, "quarantine list: skipped damaged entry {}\n", p);
    }
    const Instant now = now_instant();
    for (const quarantine::Metadata& m : *entries) {
        if (since && m.time < now - *since) {
            continue;
        }
        if (!o.protocol.empty() && std::ranges::find(m.protocols, o.protocol) == m.protocols.end()) {
            continue;
        }
        if (o.json) {
            fmt::print("{}\n", nlohmann::json::parse(quarantine::to_json(m)).dump());
        } else {
            fmt::print("{}  {}  {:>3}d  {}  -> {}  [{}]  {}{}\n", m.id, format_instant(m.time),
                std::chrono::floor<std::chrono::days>(now - m.time).count(), printable(m.sender.empty() ? "<>" : m.sender),
                printable(joined(m.recipients)), joined(m.protocols), codes_of(m), m.encrypted ? "  (versleuteld)" : "");
        }
    }
    return exit_ok;
}

int run_show(const QuarantineOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "quarantine show");
    if (!policy) {
        return exit_error;
    }
    quarantine::Store store(policy->gateway.dpo.quarantine);
    auto metadata = store.find(o.id);
    if (!metadata) {
        return error_status(metadata.error(), "show");
    }
    std::optional<std::string> message;
    if (!metadata->encrypted || !o.key.empty()) {
        auto read = store.read_message(o.id, key_path(o));
        if (!read) {
            return error_status(read.error(), "show");
        }
        message = std::move(*read);
    }
    if (o.raw) {
        if (!message) {
            fmt::print(stderr, "quarantine show: {} is stored encrypted: give the DPO's private key with --key\n", o.id);
            return exit_error;
        }
        std::fwrite(message->data(), 1, message->size(), stdout);
        return std::fflush(stdout) == 0 ? exit_ok : exit_error;
    }
    const quarantine::Metadata& m = *metadata;
    fmt::print("ref:        {}\ntime:       {}\nqueue id:   {}\nsender:     {}\nrecipients: {}\nprotocols:  {}\n"
               "size:       {} bytes\nsha256:     {}\nencrypted:  {}\n",
        m.id, format_instant(m.time), m.queue_id, m.sender.empty() ? "<>" : m.sender, joined(m.recipients),
        joined(m.protocols), m.size, m.sha256, m.encrypted ? "yes" : "no");
    fmt::print("\nverdict: quarantine\n");
    for (const Violation& v : m.violations) {
        const auto it = std::ranges::find(policy->protocols, v.protocol_id, &Protocol::id);
        fmt::print("  - {} [{}]{}\n    {}\n    ({}{})\n", to_string(v.code), v.protocol_id, v.part.empty() ? "" : " part " + v.part,
            explain(v, it == policy->protocols.end() ? nullptr : &*it, policy->gateway.language), v.detail,
            v.evidence.empty() ? "" : "; " + v.evidence);
    }
    if (!message) {
        fmt::print("\n(the message is stored encrypted: give --key to see its headers and parts)\n");
        return exit_ok;
    }
    fmt::print("\nheaders:\n{}", printable(notice::header_section(*message)));
    if (auto tree = mime::parse_message(*message, policy->gateway.limits); tree) {
        fmt::print("\nparts:\n");
        for (const mime::Part& part : tree->leaves) {
            if (part.path == "subject") {
                continue;
            }
            fmt::print("  {:<8} {:<40} {:>9} bytes  {}{}\n", part.path, part.content_type, part.data.size(),
                printable(part.filename), part.is_body ? " (text)" : "");
        }
    }
    return exit_ok;
}

int run_release(const QuarantineOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "quarantine release");
    if (!policy) {
        return exit_error;
    }
    quarantine::Store store(policy->gateway.dpo.quarantine);
    audit::Register audit(policy->gateway.dpo.audit);
    const review::Actor actor { review::current_user(), o.reason };
    auto released = review::release(store, audit, *policy, o.id, actor, key_path(o), now_instant());
    if (!released) {
        return error_status(released.error(), "release");
    }
    fmt::print("{}: released to {} by {}\n", released->id, joined(released->recipients), actor.user);
    return exit_ok;
}

int run_delete(const QuarantineOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "quarantine delete");
    if (!policy) {
        return exit_error;
    }
    quarantine::Store store(policy->gateway.dpo.quarantine);
    audit::Register audit(policy->gateway.dpo.audit);
    const review::Actor actor { review::current_user(), o.reason };
    auto removed = review::remove(store, audit, o.id, actor, now_instant());
    if (!removed) {
        return error_status(removed.error(), "delete");
    }
    fmt::print("{}: deleted by {}\n", removed->id, actor.user);
    return exit_ok;
}

int run_purge(const QuarantineOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "quarantine purge");
    if (!policy) {
        return exit_error;
    }
    const int days = policy->gateway.dpo.quarantine.retention_days;
    std::chrono::seconds older_than = std::chrono::days(days);
    if (!o.older_than.empty()) {
        const auto parsed = review::parse_duration(o.older_than);
        if (!parsed) {
            fmt::print(stderr, "quarantine purge: --older-than '{}' is not a duration (e.g. 30d)\n", o.older_than);
            return exit_error;
        }
        older_than = *parsed;
    }
    quarantine::Store store(policy->gateway.dpo.quarantine);
    // Leftovers of an interrupted write or delete are never entries; clear those older than an hour.
    if (auto cleaned = store.clean_leftovers(std::chrono::hours(1)); !cleaned) {
        return error_status(cleaned.error(), "purge");
    }
    audit::Register audit(policy->gateway.dpo.audit);
    const review::Actor actor { review::current_user(),
        o.reason.empty() ? fmt::format("bewaartermijn: ouder dan {}", o.older_than.empty() ? fmt::format("{}d", days) : o.older_than)
                         : o.reason };
    auto purged = review::purge(store, audit, older_than, actor, now_instant());
    if (!purged) {
        return error_status(purged.error(), "purge");
    }
    for (const quarantine::Metadata& m : *purged) {
        fmt::print("{}: purged ({})\n", m.id, format_instant(m.time));
    }
    fmt::print("{} entr{} purged\n", purged->size(), purged->size() == 1 ? "y" : "ies");
    return exit_ok;
}

} // namespace

Command add_quarantine_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("quarantine", "Review quarantined messages (list, show, release, delete, purge)");
    cmd->require_subcommand(1);
    auto o = std::make_shared<QuarantineOptions>();
    auto config = [&](CLI::App* sub) { sub->add_option("--config", o->config, "gateway file")->capture_default_str(); };

    auto* list = cmd->add_subcommand("list", "List quarantined messages, oldest first");
    config(list);
    list->add_option("--since", o->since, "only those judged within this duration (7d, 12h, 30m)");
    list->add_option("--protocol", o->protocol, "only those under this protocol id");
    list->add_flag("--json", o->json, "one JSON object per line");

    auto* show = cmd->add_subcommand("show", "Show one quarantined message: verdict, headers, parts");
    config(show);
    show->add_option("ID", o->id, "incident reference (PM-YYYYMMDD-XXXXXXXX)")->required();
    show->add_option("--key", o->key, "the DPO's PEM private key (for an encrypted quarantine)");
    show->add_flag("--raw", o->raw, "write the message itself to standard output");

    auto* release = cmd->add_subcommand("release", "Deliver a quarantined message to its original recipients");
    config(release);
    release->add_option("ID", o->id, "incident reference")->required();
    release->add_option("--reason", o->reason, "why it may go (recorded in the register)")->required();
    release->add_option("--key", o->key, "the DPO's PEM private key (for an encrypted quarantine)");

    auto* remove = cmd->add_subcommand("delete", "Delete a quarantined message without delivering it");
    config(remove);
    remove->add_option("ID", o->id, "incident reference")->required();
    remove->add_option("--reason", o->reason, "why (recorded in the register)")->required();

    auto* purge = cmd->add_subcommand("purge", "Delete quarantined messages older than the retention period");
    config(purge);
    purge->add_option("--older-than", o->older_than, "duration (default: quarantine.retention_days)");
    purge->add_option("--reason", o->reason, "why (default: the retention period)");

    return { cmd, [o, list, show, release, remove, purge]() {
                if (list->parsed()) {
                    return run_list(*o);
                }
                if (show->parsed()) {
                    return run_show(*o);
                }
                if (release->parsed()) {
                    return run_release(*o);
                }
                if (remove->parsed()) {
                    return run_delete(*o);
                }
                if (purge->parsed()) {
                    return run_purge(*o);
                }
                return static_cast<int>(exit_error);
            } };
}

} // namespace pm::cli
