// `protocol-milter report`: the DPO report from the register and the quarantine (HTML, CSV, text).
#include "commands.hpp"
#include "dpo_common.hpp"

#include "audit/register.hpp"
#include "core/address.hpp"
#include "core/durable_file.hpp"
#include "delivery/outgoing_message.hpp"
#include "delivery/sendmail.hpp"
#include "quarantine/store.hpp"
#include "report/dpo_report.hpp"
#include "review/review.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

namespace pm::cli {
namespace {

struct ReportOptions {
    std::string config = default_config_path();
    std::string since;
    std::string from;
    std::string to;
    std::string format = "html";
    std::string out;
    bool mail = false;
};

/// Who gets `--mail`: [report] mail_to, else the protocols' contacts in a discloser domain.
std::vector<std::string> mail_recipients(const Policy& policy)
{
    std::vector<std::string> to;
    for (const Address& a : policy.gateway.dpo.report.mail_to) {
        to.push_back(a.str());
    }
    if (!to.empty()) {
        return to;
    }
    for (const Protocol& p : policy.protocols) {
        for (const Contact& c : p.contacts) {
            const auto a = Address::parse(c.email);
            if (a && policy.is_discloser(*a) && std::ranges::find(to, a->str()) == to.end()) {
                to.push_back(a->str());
            }
        }
    }
    return to;
}

int run_report(const ReportOptions& o)
{
    const auto policy = load_policy_or_report(o.config, "report");
    if (!policy) {
        return exit_error;
    }
    const Instant now = now_instant();
    // "Up to now" includes the current second: register times have second precision and `to`
    // is exclusive, so a decision made this second would otherwise be left out.
    Instant from = now - std::chrono::days(7);
    Instant to = now + std::chrono::seconds(1);
    if (!o.since.empty() && (!o.from.empty() || !o.to.empty())) {
        fmt::print(stderr, "report: use --since, or --from and --to, not both\n");
        return exit_error;
    }
    if (!o.since.empty()) {
        const auto since = review::parse_duration(o.since);
        if (!since) {
            fmt::print(stderr, "report: --since '{}' is not a duration (e.g. 7d, 24h)\n", o.since);
            return exit_error;
        }
        from = now - *since;
    }
    if (!o.from.empty() || !o.to.empty()) {
        const auto f = parse_instant(o.from);
        const auto t = parse_instant(o.to);
        if (!f || !t || *t <= *f) {
            fmt::print(stderr, "report: --from and --to must both be dates (2026-11-01), --to after --from\n");
            return exit_error;
        }
        from = *f;
        to = *t;
    }
    if (o.format != "html" && o.format != "csv" && o.format != "text") {
        fmt::print(stderr, "report: --format must be html, csv or text\n");
        return exit_error;
    }
    const DpoSettings& dpo = policy->gateway.dpo;
    const auto files = audit::register_files(dpo.audit.file);
    auto records = audit::read_records(files);
    if (!records) {
        fmt::print(stderr, "report: {}\n", records.error().message);
        return exit_error;
    }
    quarantine::Store store(dpo.quarantine);
    auto pending = store.list();
    if (!pending) {
        fmt::print(stderr, "report: {}\n", pending.error().message);
        return exit_error;
    }
    const auto chain = audit::verify_chain(files, false);
    const auto data = report::build_report(*policy, *records, std::move(*pending), from, to, now, chain);
    const std::string rendered = o.format == "html" ? report::render_html(data, *policy)
        : o.format == "csv"                         ? report::render_csv(data)
                                                    : report::render_text(data, *policy);
    if (!o.out.empty()) {
        if (auto written = replace_file_durably(o.out, rendered, 0600); !written) {
            fmt::print(stderr, "report: {}\n", written.error().message);
            return exit_error;
        }
    } else if (!o.mail) {
        std::fwrite(rendered.data(), 1, rendered.size(), stdout);
    }
    if (o.mail) {
        const auto recipients = mail_recipients(*policy);
        if (recipients.empty()) {
            fmt::print(stderr, "report: --mail: no recipient (set [report] mail_to, or give a protocol a contact in a discloser domain)\n");
            return exit_error;
        }
        delivery::OutgoingMessage mail;
        mail.from = dpo.notice.from;
        mail.from_name = "Protocolcontrole";
        mail.to = recipients;
        mail.subject = fmt::format("Rapport protocolcontrole {}: {} beslissingen, {} in quarantaine",
            format_date(Date { std::chrono::floor<std::chrono::days>(now) }), data.decisions, data.pending.size());
        mail.date = now;
        mail.headers = { { "Auto-Submitted", "auto-generated" } };
        mail.multipart_subtype = "alternative";
        mail.parts.push_back({ "text", "plain", {}, report::render_text(data, *policy), {} });
        mail.parts.push_back({ "text", "html", {}, report::render_html(data, *policy), {} });
        auto text = delivery::serialise(mail);
        if (!text) {
            fmt::print(stderr, "report: {}\n", text.error().message);
            return exit_error;
        }
        delivery::Submission submission { "", recipients, *text };
        if (auto sent = delivery::submit(dpo.delivery, submission); !sent) {
            fmt::print(stderr, "report: --mail: {}\n", sent.error().message);
            return exit_error;
        }
    }
    return exit_ok;
}

} // namespace

Command add_report_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("report", "The DPO report: decisions per protocol, trend, quarantine, releases");
    auto o = std::make_shared<ReportOptions>();
    cmd->add_option("--config", o->config, "gateway file")->capture_default_str();
    cmd->add_option("--since", o->since, "the period up to now (default 7d)");
    cmd->add_option("--from", o->from, "start of the period (ISO-8601 date or time, UTC)");
    cmd->add_option("--to", o->to, "end of the period, exclusive");
    cmd->add_option("--format", o->format, "html, csv or text")->capture_default_str();
    cmd->add_option("--out", o->out, "write to this file (0600) instead of standard output");
    cmd->add_flag("--mail", o->mail, "mail it (HTML and text) to the DPO contacts through the sendmail command");
    return { cmd, [o]() { return run_report(*o); } };
}

} // namespace pm::cli
