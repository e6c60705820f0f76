// Aggregation and the CSV / text forms of the DPO report.
#include "report/dpo_report.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm::report {
namespace {

constexpr std::size_t max_days = 400;

bool is_decision(audit::Event e)
{
    return e == audit::Event::accept || e == audit::Event::reject || e == audit::Event::quarantine
        || e == audit::Event::tempfail;
}

ProtocolFigures& figures_for(std::vector<ProtocolFigures>& all, const std::string& id)
{
    const auto it = std::ranges::find(all, id, &ProtocolFigures::id);
    if (it != all.end()) {
        return *it;
    }
    all.push_back({ id, {}, {} });
    return all.back();
}

std::string csv_field(std::string_view text)
{
    std::string value(text);
    // A spreadsheet must not run a value as a formula.
    if (!value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '-' || value.front() == '@')) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (const char c : value) {
        out.append(c == '"' ? 2 : 1, c);
    }
    return out + "\"";
}

std::string day_of(Instant at)
{
    return format_date(Date { std::chrono::floor<std::chrono::days>(at) });
}

} // namespace

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

ReportData build_report(const Policy& policy, const std::vector<audit::Record>& records,
    std::vector<quarantine::Metadata> pending, Instant from, Instant to, Instant now, audit::VerifyReport chain)
{
    ReportData data;
    data.from = from;
    data.to = to;
    data.generated = now;
    data.chain = std::move(chain);
    for (const Protocol& p : policy.protocols) {
        data.protocols.push_back({ p.id, {}, {} });
    }
    // Every day of the period, so that quiet days show as empty bars.
    const auto first_day = std::chrono::floor<std::chrono::days>(from);
    const auto last_day = std::chrono::floor<std::chrono::days>(to - std::chrono::seconds(1));
    auto start = first_day;
    if (last_day >= first_day && (last_day - first_day).count() >= static_cast<long>(max_days)) {
        start = last_day - std::chrono::days(max_days - 1);
    }
    for (auto d = start; d <= last_day; d += std::chrono::days(1)) {
        data.days.push_back({ Date { d }, {} });
    }
    for (const audit::Record& r : records) {
        if (r.time < from || r.time >= to) {
            continue;
        }
        if (!is_decision(r.event)) {
            data.acts.push_back(r);
            continue;
        }
        ++data.decisions;
        const std::string verdict(audit::to_string(r.event));
        std::vector<std::string> ids = r.protocols;
        if (ids.empty()) {
            ids.push_back("");
        }
        for (const std::string& id : ids) {
            ProtocolFigures& f = figures_for(data.protocols, id);
            ++f.by_verdict[verdict];
            for (const std::string& code : r.codes) {
                ++f.by_code[code];
            }
        }
        const Date day { std::chrono::floor<std::chrono::days>(r.time) };
        const auto it = std::ranges::find(data.days, day, &DayFigures::day);
        if (it != data.days.end()) {
            ++it->by_verdict[verdict];
        }
    }
    // "" (no protocol) last.
    std::ranges::stable_partition(data.protocols, [](const ProtocolFigures& f) { return !f.id.empty(); });
    std::ranges::stable_sort(data.acts, {}, &audit::Record::time);
    std::ranges::sort(pending, [](const auto& a, const auto& b) { return std::tie(a.time, a.id) < std::tie(b.time, b.id); });
    data.pending = std::move(pending);
    return data;
}

std::string render_csv(const ReportData& data)
{
    std::string out = "section,protocol,date,key,value\n";
    auto row = [&](std::string_view section, std::string_view protocol, std::string_view date, std::string_view key,
                   std::string_view value) {
        out += fmt::format("{},{},{},{},{}\n", section, csv_field(protocol), date, csv_field(key), csv_field(value));
    };
    for (const ProtocolFigures& f : data.protocols) {
        for (const auto& [verdict, count] : f.by_verdict) {
            row("verdict", f.id, "", verdict, std::to_string(count));
        }
        for (const auto& [code, count] : f.by_code) {
            row("code", f.id, "", code, std::to_string(count));
        }
    }
    for (const DayFigures& d : data.days) {
        for (const auto& [verdict, count] : d.by_verdict) {
            row("day", "", format_date(d.day), verdict, std::to_string(count));
        }
    }
    for (const quarantine::Metadata& m : data.pending) {
        const auto age = std::chrono::floor<std::chrono::days>(data.generated - m.time).count();
        row("pending", m.protocols.empty() ? "" : m.protocols.front(), day_of(m.time), m.id, std::to_string(age));
    }
    for (const audit::Record& r : data.acts) {
        row("act", r.protocols.empty() ? "" : r.protocols.front(), day_of(r.time),
            fmt::format("{} {}", audit::to_string(r.event), r.ref), r.actor);
    }
    return out;
}

std::string render_text(const ReportData& data, const Policy& policy)
{
    std::string out = fmt::format("Rapport protocolcontrole, {} tot {}\n", format_instant(data.from), format_instant(data.to));
    out += fmt::format("{} beslissingen in deze periode.\n\n", data.decisions);
    for (const ProtocolFigures& f : data.protocols) {
        const auto it = std::ranges::find(policy.protocols, f.id, &Protocol::id);
        out += fmt::format("{}{}\n", f.id.empty() ? "(geen protocol)" : f.id,
            it != policy.protocols.end() ? " - " + it->title : "");
        for (const auto& [verdict, count] : f.by_verdict) {
            out += fmt::format("  {:<12} {}\n", verdict, count);
        }
        for (const auto& [code, count] : f.by_code) {
            out += fmt::format("  {:<36} {}\n", code, count);
        }
    }
    out += fmt::format("\nIn quarantaine, wachtend op beoordeling: {}\n", data.pending.size());
    for (const quarantine::Metadata& m : data.pending) {
        std::string codes;
        for (const Violation& v : m.violations) {
            codes += (codes.empty() ? "" : ", ") + std::string(to_string(v.code));
        }
        out += fmt::format("  {}  {}  {} dagen  {}\n", m.id, day_of(m.time),
            std::chrono::floor<std::chrono::days>(data.generated - m.time).count(), codes);
    }
    out += fmt::format("\nVrijgaven en verwijderingen: {}\n", data.acts.size());
    for (const audit::Record& r : data.acts) {
        out += fmt::format("  {}  {:<8} {}  door {}: {}\n", format_instant(r.time), audit::to_string(r.event), r.ref,
            r.actor, r.reason);
    }
    out += data.chain.ok ? fmt::format("\nRegister: keten in orde ({} regels), laatste hash {}\n", data.chain.lines, data.chain.head)
                         : fmt::format("\nRegister: KETEN GEBROKEN: {}\n", data.chain.problem);
    return out;
}

} // namespace pm::report
