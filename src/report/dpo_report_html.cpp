// The HTML form of the DPO report: one self-contained Dutch page (inline CSS and SVG, no scripts).
#include "report/dpo_report.hpp"

#include "report/explanation.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace pm::report {
namespace {

struct VerdictStyle {
    std::string_view key;
    std::string_view label;
    std::string_view colour;
};

constexpr std::array<VerdictStyle, 4> verdicts = { {
    { "accept", "toegelaten", "#2e7d32" },
    { "reject", "geweigerd", "#e65100" },
    { "quarantine", "quarantaine", "#b71c1c" },
    { "tempfail", "tijdelijk geweigerd", "#616161" },
} };

constexpr std::string_view style = R"(
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fafafa}
main{max-width:64rem;margin:0 auto}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
p.meta{color:#555;margin:.2rem 0}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.card{flex:1 1 9rem;background:#fff;border:1px solid #ddd;border-left:6px solid var(--c);border-radius:6px;padding:.5rem .8rem}
.card b{display:block;font-size:1.6rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#2e7d32}.bad{color:#b71c1c;font-weight:bold}
.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
code{font-size:.9em;word-break:break-all}
svg{display:block;width:100%;height:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
@media (max-width:40rem){body{padding:.5rem;font-size:15px}th,td{padding:.25rem .35rem}h1{font-size:1.25rem}}
)";

std::string label_of(std::string_view verdict)
{
    for (const VerdictStyle& v : verdicts) {
        if (v.key == verdict) {
            return std::string(v.label);
        }
    }
    return std::string(verdict);
}

std::string act_label(audit::Event e)
{
    switch (e) {
    case audit::Event::release: return "vrijgegeven";
    case audit::Event::remove: return "verwijderd";
    case audit::Event::purge: return "opgeruimd (bewaartermijn)";
    default: return std::string(audit::to_string(e));
    }
}

/// "2026-11-24 09:00 UTC".
std::string when(Instant at)
{
    const std::string iso = format_instant(at);
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

const Protocol* find_protocol(const Policy& policy, std::string_view id)
{
    const auto it = std::ranges::find(policy.protocols, id, &Protocol::id);
    return it == policy.protocols.end() ? nullptr : &*it;
}

std::string protocol_name(const Policy& policy, std::string_view id)
{
    if (id.empty()) {
        return "Geen protocol (buiten of net buiten een protocol)";
    }
    const Protocol* p = find_protocol(policy, id);
    return p != nullptr ? fmt::format("{} ({})", p->title, id) : std::string(id);
}

std::string trend_svg(const ReportData& data)
{
    const std::size_t n = std::max<std::size_t>(data.days.size(), 1);
    int peak = 1;
    for (const DayFigures& d : data.days) {
        int total = 0;
        for (const auto& [verdict, count] : d.by_verdict) {
            total += count;
        }
        peak = std::max(peak, total);
    }
    const double left = 40.0;
    const double top = 10.0;
    const double plot = 160.0;
    // A slot per day, at least 15 units; a short period spreads over 600 units so that it is
    // neither a tall chart on a phone nor a thin strip on a desktop.
    const double slot = std::max(15.0, (600.0 - left - 10.0) / static_cast<double>(n));
    const double gap = slot / 5.0;
    const double bar = slot - gap;
    const double width = left + static_cast<double>(n) * slot + 10.0;
    const double height = top + plot + 40.0;
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" "
        "aria-label=\"Beslissingen per dag\">\n",
        width, height);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#999\"/>\n", left, top, top + plot);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2:.0f}\" y2=\"{1}\" stroke=\"#999\"/>\n", left, top + plot, width - 5);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", left - 4, top + 10, peak);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">0</text>\n", left - 4, top + plot);
    for (std::size_t i = 0; i < data.days.size(); ++i) {
        const DayFigures& d = data.days[i];
        const double x = left + gap + static_cast<double>(i) * (bar + gap);
        double y = top + plot;
        std::string tip = format_date(d.day);
        for (const VerdictStyle& v : verdicts) {
            const auto it = d.by_verdict.find(std::string(v.key));
            if (it == d.by_verdict.end() || it->second == 0) {
                continue;
            }
            const double h = plot * it->second / peak;
            y -= h;
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n", x, y, bar, h, v.colour);
            tip += fmt::format(", {} {}", it->second, v.label);
        }
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"transparent\"><title>{}</title></rect>\n",
            x, top, bar, plot, html_escape(tip));
        const bool label = i == 0 || i + 1 == data.days.size() || (data.days.size() > 14 && i % 7 == 0);
        if (label) {
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n",
                x + bar / 2, top + plot + 14, format_date(d.day).substr(5));
        }
    }
    out += "</svg>\n";
    return out;
}

} // namespace

std::string render_html(const ReportData& data, const Policy& policy)
{
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Protocolcontrole: rapport voor de DPO</title>\n<style>";
    h += style;
    h += "</style>\n</head>\n<body>\n<main>\n";
    h += "<h1>Protocolcontrole: rapport voor de functionaris voor gegevensbescherming</h1>\n";
    h += fmt::format("<p class=\"meta\">Periode: {} tot {}. Gemaakt op {}.</p>\n", html_escape(when(data.from)),
        html_escape(when(data.to)), html_escape(when(data.generated)));

    // Summary cards.
    std::map<std::string, int> totals;
    for (const ProtocolFigures& f : data.protocols) {
        for (const auto& [verdict, count] : f.by_verdict) {
            totals[verdict] += count;
        }
    }
    h += "<h2>Samenvatting</h2>\n<div class=\"cards\">\n";
    h += fmt::format("<div class=\"card\" style=\"--c:#1565c0\">Beslissingen<b>{}</b></div>\n", data.decisions);
    for (const VerdictStyle& v : verdicts) {
        h += fmt::format("<div class=\"card\" style=\"--c:{}\">{}<b>{}</b></div>\n", v.colour, html_escape(v.label),
            totals[std::string(v.key)]);
    }
    h += fmt::format("<div class=\"card\" style=\"--c:#6a1b9a\">Wacht op beoordeling<b>{}</b></div>\n", data.pending.size());
    h += "</div>\n";
    h += data.chain.ok
        ? fmt::format("<p class=\"ok\">Het register is ongeschonden: {} regels, de keten klopt. Laatste hash: <code>{}</code> "
                      "(bewaar deze waarde: een latere wijziging aan het register valt dan op).</p>\n",
              data.chain.lines, html_escape(data.chain.head))
        : fmt::format("<p class=\"bad\">Het register is gewijzigd of beschadigd: {}</p>\n", html_escape(data.chain.problem));

    // Trend.
    h += "<h2>Verloop per dag</h2>\n<p class=\"legend\">";
    for (const VerdictStyle& v : verdicts) {
        h += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", v.colour, html_escape(v.label));
    }
    h += "</p>\n" + trend_svg(data);

    // Per protocol.
    h += "<h2>Per protocol</h2>\n";
    for (const ProtocolFigures& f : data.protocols) {
        h += fmt::format("<h3>{}</h3>\n", html_escape(protocol_name(policy, f.id)));
        if (f.by_verdict.empty()) {
            h += "<p>Geen beslissingen in deze periode.</p>\n";
            continue;
        }
        h += "<div class=\"scroll\"><table>\n<tr><th>Beslissing</th><th>Aantal</th></tr>\n";
        for (const auto& [verdict, count] : f.by_verdict) {
            h += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", html_escape(label_of(verdict)), count);
        }
        h += "</table></div>\n";
        if (!f.by_code.empty()) {
            h += "<div class=\"scroll\"><table>\n<tr><th>Overtreding</th><th>Aantal berichten</th></tr>\n";
            for (const auto& [code, count] : f.by_code) {
                h += fmt::format("<tr><td><code>{}</code></td><td class=\"n\">{}</td></tr>\n", html_escape(code), count);
            }
            h += "</table></div>\n";
        }
    }

    // Quarantine.
    h += "<h2>In quarantaine, wacht op beoordeling</h2>\n";
    if (data.pending.empty()) {
        h += "<p>Niets in quarantaine.</p>\n";
    } else {
        h += "<p>Oudste eerst. Bekijk een bericht met <code>protocol-milter quarantine show REF</code>; geef het vrij met "
             "<code>quarantine release REF --reason ...</code> of verwijder het met <code>quarantine delete REF --reason ...</code>.</p>\n";
        h += "<div class=\"scroll\"><table>\n<tr><th>Referentie</th><th>Ontvangen</th><th>Leeftijd</th><th>Afzender</th>"
             "<th>Ontvangers</th><th>Protocol</th><th>Waarom</th></tr>\n";
        for (const quarantine::Metadata& m : data.pending) {
            std::string why;
            for (const Violation& v : m.violations) {
                why += fmt::format("<code>{}</code> {}<br>", html_escape(to_string(v.code)),
                    html_escape(explain_nl(v, find_protocol(policy, v.protocol_id))));
            }
            std::string rcpts;
            for (const std::string& r : m.recipients) {
                rcpts += html_escape(r) + "<br>";
            }
            std::string protocols;
            for (const std::string& p : m.protocols) {
                protocols += html_escape(p) + "<br>";
            }
            h += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{} d</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                html_escape(m.id), html_escape(when(m.time)),
                std::chrono::floor<std::chrono::days>(data.generated - m.time).count(),
                html_escape(m.sender.empty() ? "<>" : m.sender), rcpts, protocols, why);
        }
        h += "</table></div>\n";
    }

    // Acts.
    h += "<h2>Vrijgaven en verwijderingen</h2>\n";
    if (data.acts.empty()) {
        h += "<p>Geen in deze periode.</p>\n";
    } else {
        h += "<div class=\"scroll\"><table>\n<tr><th>Tijd</th><th>Handeling</th><th>Referentie</th><th>Door</th><th>Reden</th></tr>\n";
        for (const audit::Record& r : data.acts) {
            h += fmt::format("<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                html_escape(when(r.time)), html_escape(act_label(r.event)), html_escape(r.ref),
                html_escape(r.actor), html_escape(r.reason));
        }
        h += "</table></div>\n";
    }

    // Article 9 contacts.
    h += "<h2>Contactpersonen bij een incident (artikel 9)</h2>\n";
    for (const Protocol& p : policy.protocols) {
        h += fmt::format("<h3>{}</h3>\n<ul>\n", html_escape(protocol_name(policy, p.id)));
        for (const Contact& c : p.contacts) {
            h += fmt::format("<li>{} ({}): {}</li>\n", html_escape(c.organisation), html_escape(c.role), html_escape(c.email));
        }
        h += "</ul>\n";
    }
    h += "</main>\n</body>\n</html>\n";
    return h;
}

} // namespace pm::report
