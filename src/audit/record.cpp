#include "audit/record.hpp"

#include "core/digest.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pm::audit {
namespace {

constexpr std::array<std::string_view, 7> event_names = { "accept", "reject", "quarantine", "tempfail", "release",
    "delete", "purge" };
constexpr std::string_view hash_marker = ",\"hash\":\"";

bool is_hex64(std::string_view text)
{
    return text.size() == 64 && std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string_view to_string(Event event)
{
    return event_names[static_cast<std::size_t>(event)];
}

std::optional<Event> parse_event(std::string_view name)
{
    for (std::size_t i = 0; i < event_names.size(); ++i) {
        if (event_names[i] == name) {
            return static_cast<Event>(i);
        }
    }
    return std::nullopt;
}

Record decision_record(std::string ref, Instant at, std::string queue_id, std::string sender,
    std::vector<std::string> recipients, const Verdict& verdict)
{
    Record r;
    r.time = at;
    switch (verdict.action) {
    case Action::accept: r.event = Event::accept; break;
    case Action::reject: r.event = Event::reject; break;
    case Action::quarantine: r.event = Event::quarantine; break;
    case Action::tempfail: r.event = Event::tempfail; break;
    }
    r.ref = std::move(ref);
    r.queue_id = std::move(queue_id);
    r.sender = std::move(sender);
    r.recipients = std::move(recipients);
    r.protocols = verdict.protocols;
    r.verdict = std::string(pm::to_string(verdict.action));
    for (const Violation& v : verdict.violations) {
        const std::string code(pm::to_string(v.code));
        if (std::ranges::find(r.codes, code) == r.codes.end()) {
            r.codes.push_back(code);
        }
    }
    return r;
}

std::string chained_line(const Record& r, std::uint64_t seq, std::string_view prev)
{
    nlohmann::ordered_json doc;
    doc["seq"] = seq;
    doc["time"] = format_instant(r.time);
    doc["event"] = to_string(r.event);
    doc["ref"] = r.ref;
    doc["queue_id"] = r.queue_id;
    doc["message_id_sha256"] = r.message_id_sha256;
    doc["sender"] = r.sender;
    doc["recipients"] = r.recipients;
    doc["protocols"] = r.protocols;
    doc["verdict"] = r.verdict;
    doc["codes"] = r.codes;
    doc["attachments"] = { { "count", r.attachment_count }, { "sha256", r.attachment_sha256 } };
    if (!r.actor.empty() || !r.reason.empty()) {
        doc["actor"] = r.actor;
        doc["reason"] = r.reason;
    }
    doc["prev"] = prev;
    // ASCII only (\u escapes), so a line is the same bytes everywhere; bad UTF-8 is replaced.
    std::string text = doc.dump(-1, ' ', true, nlohmann::ordered_json::error_handler_t::replace);
    text.pop_back();  // the closing brace
    const std::string hash = sha256_hex(text);
    return fmt::format("{}{}{}\"}}", text, hash_marker, hash);
}

Result<LineLink> parse_link(std::string_view line)
{
    const auto marker = line.rfind(hash_marker);
    if (marker == std::string_view::npos || !line.ends_with("\"}")) {
        return fail(ErrorKind::io, "not a register line (no hash)");
    }
    LineLink link;
    link.hash = std::string(line.substr(marker + hash_marker.size(), line.size() - 2 - marker - hash_marker.size()));
    if (!is_hex64(link.hash)) {
        return fail(ErrorKind::io, "not a register line (malformed hash)");
    }
    link.hash_ok = constant_time_equal(sha256_hex(line.substr(0, marker)), link.hash);
    try {
        const auto doc = nlohmann::json::parse(line);
        link.seq = doc.at("seq").get<std::uint64_t>();
        link.prev = doc.at("prev").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return fail(ErrorKind::io, "not a register line (not JSON with seq and prev)");
    }
    if (!is_hex64(link.prev)) {
        return fail(ErrorKind::io, "not a register line (malformed prev)");
    }
    return link;
}

Result<Record> parse_record(std::string_view line)
{
    try {
        const auto doc = nlohmann::json::parse(line);
        Record r;
        const auto at = parse_instant(doc.at("time").get<std::string>());
        const auto event = parse_event(doc.at("event").get<std::string>());
        if (!at || !event) {
            return fail(ErrorKind::io, "register line with a bad time or event");
        }
        r.time = *at;
        r.event = *event;
        r.ref = doc.value("ref", "");
        r.queue_id = doc.value("queue_id", "");
        r.message_id_sha256 = doc.value("message_id_sha256", "");
        r.sender = doc.value("sender", "");
        r.recipients = doc.value("recipients", std::vector<std::string> {});
        r.protocols = doc.value("protocols", std::vector<std::string> {});
        r.verdict = doc.value("verdict", "");
        r.codes = doc.value("codes", std::vector<std::string> {});
        if (doc.contains("attachments")) {
            r.attachment_count = doc["attachments"].value("count", std::size_t { 0 });
            r.attachment_sha256 = doc["attachments"].value("sha256", std::vector<std::string> {});
        }
        r.actor = doc.value("actor", "");
        r.reason = doc.value("reason", "");
        return r;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorKind::io, fmt::format("not a register line: {}", e.what()));
    }
}

} // namespace pm::audit
