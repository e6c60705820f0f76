#include "notice/sender_notice.hpp"

#include "core/address.hpp"
#include "delivery/outgoing_message.hpp"
#include "delivery/sendmail.hpp"
#include "mime/message_tree.hpp"
#include "report/explanation.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm::notice {
namespace {

constexpr std::size_t max_header_section = 256u << 10;

const Protocol* find_protocol(const Policy& policy, std::string_view id)
{
    const auto it = std::ranges::find(policy.protocols, id, &Protocol::id);
    return it == policy.protocols.end() ? nullptr : &*it;
}

/// One header field per element (with its continuation lines), line ends removed per line.
std::vector<std::string> header_fields(std::string_view section)
{
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos < section.size()) {
        auto end = section.find('\n', pos);
        std::string_view line = section.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? section.size() : end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
            fields.back().append(1, '\n').append(line);
        } else if (!line.empty()) {
            fields.emplace_back(line);
        }
    }
    return fields;
}

bool name_is(std::string_view field, std::string_view name)
{
    return field.size() > name.size() && field[name.size()] == ':'
        && ascii_lower(field.substr(0, name.size())) == ascii_lower(name);
}

/// The original headers without anything that may name an attachment.
std::string safe_headers(std::string_view section)
{
    std::string out;
    for (const std::string& field : header_fields(section)) {
        if (name_is(field, "Content-Disposition") || name_is(field, "Content-Description")
            || name_is(field, "Content-ID")) {
            continue;
        }
        if (name_is(field, "Content-Type")) {
            std::string value = field.substr(field.find(':') + 1);
            value = value.substr(0, value.find(';'));
            std::erase_if(value, [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
            out += "Content-Type: " + value + "\n";
            continue;
        }
        out += field + "\n";
    }
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator)
{
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : std::string(separator)) + item;
    }
    return out;
}

/// The contacts a sender should ask: the protocols' contacts in the discloser's own domains
/// (the sender's DPO); all the protocols' contacts when none is.
std::vector<const Contact*> contacts_for(const Policy& policy, const std::vector<std::string>& protocol_ids)
{
    std::vector<const Contact*> own, all;
    for (const std::string& id : protocol_ids) {
        const Protocol* p = find_protocol(policy, id);
        if (p == nullptr) {
            continue;
        }
        for (const Contact& c : p->contacts) {
            auto seen = [&](const std::vector<const Contact*>& list) {
                return std::ranges::any_of(list, [&](const Contact* x) { return x->email == c.email; });
            };
            if (!seen(all)) {
                all.push_back(&c);
            }
            const auto address = Address::parse(c.email);
            if (address && policy.is_discloser(*address) && !seen(own)) {
                own.push_back(&c);
            }
        }
    }
    return own.empty() ? all : own;
}

std::map<std::string, std::string, std::less<>> values_for(const Policy& policy, const quarantine::Metadata& incident,
    const std::string& subject, bool dutch)
{
    std::vector<std::string> titles;
    for (const std::string& id : incident.protocols) {
        const Protocol* p = find_protocol(policy, id);
        titles.push_back(p != nullptr ? p->title : id);
    }
    std::vector<std::string> lines;
    for (const Violation& v : incident.violations) {
        const Protocol* p = find_protocol(policy, v.protocol_id);
        // The sender wrote the message, but a notice travels further (forwards, mailbox
        // archives): no file names, no evidence, like the SMTP reply.
        const Violation shown = for_sender(v);
        std::string line = "- " + (dutch ? explain_nl(shown, p) : explain_en(shown, p));
        if (std::ranges::find(lines, line) == lines.end()) {
            lines.push_back(std::move(line));
        }
    }
    std::vector<std::string> contacts;
    for (const Contact* c : contacts_for(policy, incident.protocols)) {
        contacts.push_back(fmt::format("- {} ({}): {}", c->organisation, c->role, c->email));
    }
    std::string date = format_instant(incident.time);  // 2026-11-24T09:00:00Z
    date = date.substr(0, 10) + " " + date.substr(11, 5) + " UTC";
    return {
        { "ref", incident.id },
        { "date", date },
        { "subject", subject },
        { "recipients", join(incident.recipients, ", ") },
        { "protocols", join(titles, ", ") },
        { "violations", join(lines, "\n") },
        { "contacts", join(contacts, "\n") },
    };
}

std::string codes_of(const quarantine::Metadata& incident)
{
    std::vector<std::string> codes;
    for (const Violation& v : incident.violations) {
        std::string code(to_string(v.code));
        if (std::ranges::find(codes, code) == codes.end()) {
            codes.push_back(std::move(code));
        }
    }
    return join(codes, " ");
}

/// RFC 3464 section 2.2 / 2.3: per-message fields, then one block per recipient.
std::string delivery_status(const Policy& policy, const quarantine::Metadata& incident)
{
    const std::string codes = codes_of(incident);
    std::string out = fmt::format("Reporting-MTA: dns; {}\nArrival-Date: {}\n",
        policy.gateway.dpo.notice.reporting_mta, delivery::rfc5322_date(incident.time));
    for (const std::string& recipient : incident.recipients) {
        out += fmt::format("\nFinal-Recipient: rfc822; {}\nAction: failed\nStatus: 5.7.1\n"
                           "Diagnostic-Code: smtp; 550 5.7.1 {} (ref {})\n",
            recipient, codes.empty() ? std::string("quarantined") : codes, incident.id);
    }
    return out;
}

} // namespace

std::string_view to_string(Outcome outcome)
{
    switch (outcome) {
    case Outcome::sent: return "sent";
    case Outcome::disabled: return "disabled";
    case Outcome::null_sender: return "null_sender";
    case Outcome::outside_disclosers: return "outside_disclosers";
    case Outcome::rate_limited: return "rate_limited";
    }
    return "unknown";
}

std::string_view header_section(std::string_view message)
{
    std::size_t pos = 0;
    std::size_t last_field_end = 0;
    for (std::size_t i = 0; i < message.size() && i < max_header_section; ++i) {
        if (message[i] != '\n') {
            continue;
        }
        const std::string_view line = message.substr(pos, i - pos);
        if (line.empty() || line == "\r") {
            return message.substr(0, pos);
        }
        pos = i + 1;
        if (pos < message.size() && message[pos] != ' ' && message[pos] != '\t') {
            last_field_end = pos;
        }
    }
    // No empty line within the bound: a message without body, or an oversized header section.
    return message.size() <= max_header_section ? message : message.substr(0, last_field_end);
}

Result<std::string> build_notice(const Policy& policy, const Templates& templates,
    const quarantine::Metadata& incident, std::string_view original, Instant now)
{
    const std::string_view headers = header_section(original);
    std::string subject;
    if (auto tree = mime::parse_message(std::string(headers) + "\n", Limits {}); tree) {
        subject = tree->subject;
    }
    const auto nl_values = values_for(policy, incident, subject, true);
    std::string text = render(templates.nl.body, nl_values);
    std::string title = render(templates.nl.subject, nl_values);
    if (policy.gateway.language == Language::nl_en && templates.en) {
        const auto en_values = values_for(policy, incident, subject, false);
        text += "\n----------------------------------------------------------------------\n\n"
            + render(templates.en->body, en_values);
        title += " / " + render(templates.en->subject, en_values);
    }
    const NoticeSettings& settings = policy.gateway.dpo.notice;
    delivery::OutgoingMessage message;
    message.from = settings.from;
    message.from_name = "Protocolcontrole";
    message.to = { incident.sender };
    message.subject = title;
    message.date = now;
    message.headers = { { "Auto-Submitted", "auto-replied" }, { "X-Protocol-Incident", incident.id } };
    message.multipart_subtype = "report";
    message.multipart_parameters = { { "report-type", "delivery-status" } };
    message.parts.push_back({ "text", "plain", {}, std::move(text), {} });
    message.parts.push_back({ "message", "delivery-status", {}, delivery_status(policy, incident), {} });
    message.parts.push_back({ "text", "rfc822-headers", {}, safe_headers(headers), {} });
    return delivery::serialise(message);
}

Result<Outcome> send_if_due(const Policy& policy, const Templates& templates, RateLimiter& limiter,
    const quarantine::Metadata& incident, std::string_view original, Instant now)
{
    const DpoSettings& dpo = policy.gateway.dpo;
    if (!dpo.notice.enabled) {
        return Outcome::disabled;
    }
    if (incident.sender.empty() || incident.sender == "<>") {
        return Outcome::null_sender;
    }
    const auto sender = Address::parse(incident.sender);
    if (!sender || !policy.is_discloser(*sender)) {
        return Outcome::outside_disclosers;
    }
    if (!limiter.allow(sender->str(), now)) {
        return Outcome::rate_limited;
    }
    auto notice = build_notice(policy, templates, incident, original, now);
    if (!notice) {
        return std::unexpected(notice.error());
    }
    delivery::Submission submission;
    submission.sender = "";  // the null sender: notices never bounce
    submission.recipients = { incident.sender };
    submission.message = *notice;
    if (auto sent = delivery::submit(dpo.delivery, submission); !sent) {
        return std::unexpected(sent.error());
    }
    return Outcome::sent;
}

} // namespace pm::notice
