// SMTP reply lines, hold reasons and the check header, free of message content.
#include "daemon/reply_text.hpp"

#include "core/codes.hpp"
#include "core/utf8.hpp"
#include "report/explanation.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm::milter {

namespace {

/// ASCII stand-in for a Latin-1 supplement or common punctuation code point; "" for none.
std::string_view ascii_for(char32_t c)
{
    if (c >= 0xC0 && c <= 0xC5) return "A";
    if (c >= 0xE0 && c <= 0xE5) return "a";
    if (c == 0xC7) return "C";
    if (c == 0xE7) return "c";
    if (c >= 0xC8 && c <= 0xCB) return "E";
    if (c >= 0xE8 && c <= 0xEB) return "e";
    if (c >= 0xCC && c <= 0xCF) return "I";
    if (c >= 0xEC && c <= 0xEF) return "i";
    if (c == 0xD1) return "N";
    if (c == 0xF1) return "n";
    if ((c >= 0xD2 && c <= 0xD6) || c == 0xD8) return "O";
    if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8) return "o";
    if (c >= 0xD9 && c <= 0xDC) return "U";
    if (c >= 0xF9 && c <= 0xFC) return "u";
    if (c == 0xDD) return "Y";
    if (c == 0xFD || c == 0xFF) return "y";
    if (c == 0xDF) return "ss";
    if (c == 0x2018 || c == 0x2019) return "'";
    if (c == 0x201C || c == 0x201D) return "\"";
    if (c == 0x2013 || c == 0x2014) return "-";
    if (c == 0x2026) return "...";
    if (c == 0x2192) return "->";
    if (c == 0xA0) return " ";
    return "";
}

/// The title of protocol `id`, or the id itself.
std::string protocol_title(const Policy& policy, const std::string& id)
{
    const auto it = std::ranges::find(policy.protocols, id, &Protocol::id);
    return it == policy.protocols.end() || it->title.empty() ? id : it->title;
}

const Protocol* find_protocol(const Policy& policy, const std::string& id)
{
    const auto it = std::ranges::find(policy.protocols, id, &Protocol::id);
    return it == policy.protocols.end() ? nullptr : &*it;
}

std::string quoted_titles(const std::vector<std::string>& titles, std::string_view conjunction)
{
    std::string out;
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (i > 0) {
            out += i + 1 == titles.size() ? fmt::format(" {} ", conjunction) : std::string(", ");
        }
        out += "'" + titles[i] + "'";
    }
    return out;
}

} // namespace

std::string smtp_safe(std::string_view text, std::size_t max_bytes)
{
    std::string folded;
    folded.reserve(std::min(text.size(), max_bytes * 2));
    for (std::size_t i = 0; i < text.size() && folded.size() <= max_bytes * 2;) {
        const CodePoint decoded = decode_utf8_at(text, i);
        const char32_t c = decoded.value;
        i += decoded.length;
        if (c < 0x20 || c == 0x7F) {
            folded += ' ';
        } else if (c < 0x80) {
            folded += static_cast<char>(c);
        } else if (const std::string_view ascii = ascii_for(c); !ascii.empty()) {
            folded += ascii;
        } else {
            folded += '?';
        }
    }
    std::string out;
    constexpr std::string_view ellipsis = "...";
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const std::size_t width = folded[i] == '%' ? 2 : 1;
        // Room for the ellipsis unless this is the very end of the text.
        const bool last = i + 1 == folded.size();
        if (out.size() + width + (last ? 0 : ellipsis.size()) > max_bytes) {
            out += ellipsis;
            return out;
        }
        out += folded[i] == '%' ? "%%" : std::string(1, folded[i]);
    }
    return out;
}

std::string part_without_name(const std::string& part)
{
    Violation violation;
    violation.part = part;
    return for_sender(violation).part;
}

std::vector<std::string> reject_reply(const Verdict& verdict, const Policy& policy, std::string_view ref)
{
    const bool english = policy.gateway.language == Language::nl_en;
    std::vector<const Violation*> blocking;
    std::vector<std::string> ids;
    for (const Violation& v : verdict.violations) {
        if (v.action == Action::accept) {
            continue;
        }
        blocking.push_back(&v);
        if (std::ranges::find(ids, v.protocol_id) == ids.end()) {
            ids.push_back(v.protocol_id);
        }
    }
    if (ids.empty()) {
        ids = verdict.protocols;
    }
    std::vector<std::string> titles;
    for (const std::string& id : ids) {
        titles.push_back(protocol_title(policy, id));
    }

    std::vector<std::string> head;
    head.push_back(smtp_safe(titles.empty()
            ? fmt::format("Geweigerd: dit bericht voldoet niet aan het protocol (referentie {}).", ref)
            : fmt::format("Geweigerd: dit bericht voldoet niet aan {} {} (referentie {}).",
                  titles.size() == 1 ? "het protocol" : "de protocollen", quoted_titles(titles, "en"), ref)));
    if (english) {
        head.push_back(smtp_safe(fmt::format("Rejected: this message does not comply with {} {} (reference {}).",
            titles.size() == 1 ? "protocol" : "protocols", quoted_titles(titles, "and"), ref)));
    }

    // One entry per blocking violation: its Dutch line and, for nl+en, its English line.
    std::vector<std::vector<std::string>> entries;
    for (const Violation* v : blocking) {
        const Violation shown = for_sender(*v);  // no file names, no evidence (Postfix logs replies)
        const Protocol* protocol = find_protocol(policy, v->protocol_id);
        std::vector<std::string> entry { smtp_safe(explain_nl(shown, protocol)) };
        if (english) {
            entry.push_back(smtp_safe(explain_en(shown, protocol)));
        }
        if (std::ranges::find(entries, entry) == entries.end()) {
            entries.push_back(std::move(entry));
        }
    }
    if (entries.empty()) {
        entries.push_back({ smtp_safe("Het bericht voldoet niet aan het protocol.") });
    }

    const std::size_t per_entry = english ? 2 : 1;
    std::size_t room = (max_reply_lines - head.size()) / per_entry;
    if (entries.size() > room) {
        room = (max_reply_lines - head.size() - 1) / per_entry;  // keep a line for the rest
    }
    std::vector<std::string> lines = std::move(head);
    for (std::size_t i = 0; i < entries.size() && i < room; ++i) {
        lines.insert(lines.end(), entries[i].begin(), entries[i].end());
    }
    if (entries.size() > room) {
        const std::size_t rest = entries.size() - room;
        std::string text = fmt::format("En nog {} andere problemen: vraag de functionaris voor "
                                       "gegevensbescherming naar referentie {}.", rest, ref);
        if (english) {
            text += fmt::format(" / And {} more problems: ask the Data Protection Officer about reference {}.", rest, ref);
        }
        lines.push_back(smtp_safe(text));
    }
    return lines;
}

std::vector<std::string> tempfail_reply(Language language, std::string_view ref)
{
    std::vector<std::string> lines { smtp_safe(fmt::format(
        "Tijdelijke fout bij de protocolcontrole (referentie {}): het bericht wordt later automatisch "
        "opnieuw aangeboden.", ref)) };
    if (language == Language::nl_en) {
        lines.push_back(smtp_safe(fmt::format(
            "Temporary failure of the protocol check (reference {}): the message will be retried later.", ref)));
    }
    return lines;
}

std::string quarantine_reason(const Verdict& verdict, std::string_view ref)
{
    std::string codes;
    for (const Violation& v : verdict.violations) {
        const std::string_view code = to_string(v.code);
        if (v.action == Action::quarantine && codes.find(code) == std::string::npos) {
            if (!codes.empty()) {
                codes += ',';
            }
            codes += code;
        }
    }
    std::string reason = fmt::format("protocol-milter hold for DPO review: ref={} codes={}", ref, codes);
    if (reason.size() > max_quarantine_reason_bytes) {
        reason.resize(max_quarantine_reason_bytes);
    }
    return reason;
}

std::string check_header_value(std::string_view result, const Verdict& verdict, std::string_view ref)
{
    std::string ids;
    for (const std::string& id : verdict.protocols) {
        if (!ids.empty()) {
            ids += ',';
        }
        ids += id;
    }
    return fmt::format("{}; protocol={}; ref={}", result, ids, ref);
}

} // namespace pm::milter
