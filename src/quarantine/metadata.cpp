#include "quarantine/metadata.hpp"

#include "core/incident.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pm::quarantine {

Metadata make_metadata(std::string id, Instant at, std::string queue_id, std::string sender,
    std::vector<std::string> recipients, const Verdict& verdict)
{
    Metadata m;
    m.id = std::move(id);
    m.time = at;
    m.queue_id = std::move(queue_id);
    m.sender = std::move(sender);
    m.recipients = std::move(recipients);
    m.protocols = verdict.protocols;
    m.violations = verdict.violations;
    return m;
}

std::string to_json(const Metadata& m)
{
    nlohmann::ordered_json violations = nlohmann::ordered_json::array();
    for (const Violation& v : m.violations) {
        nlohmann::ordered_json item;
        item["code"] = to_string(v.code);
        item["protocol"] = v.protocol_id;
        item["part"] = v.part;
        item["detail"] = v.detail;
        item["evidence"] = v.evidence;
        item["action"] = to_string(v.action);
        violations.push_back(std::move(item));
    }
    nlohmann::ordered_json doc;
    doc["format"] = 1;
    doc["id"] = m.id;
    doc["time"] = format_instant(m.time);
    doc["queue_id"] = m.queue_id;
    doc["envelope"] = { { "sender", m.sender }, { "recipients", m.recipients } };
    doc["protocols"] = m.protocols;
    doc["violations"] = std::move(violations);
    doc["size"] = m.size;
    doc["sha256"] = m.sha256;
    doc["encrypted"] = m.encrypted;
    // Invalid UTF-8 (a raw 8-bit envelope) is replaced, never a reason to lose the message.
    return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Result<Metadata> metadata_from_json(std::string_view text)
{
    try {
        const auto doc = nlohmann::json::parse(text);
        Metadata m;
        m.id = doc.at("id").get<std::string>();
        if (!is_incident_ref(m.id)) {
            return fail(ErrorKind::io, "metadata id is not an incident reference");
        }
        const auto at = parse_instant(doc.at("time").get<std::string>());
        if (!at) {
            return fail(ErrorKind::io, "metadata time is not an ISO-8601 time");
        }
        m.time = *at;
        m.queue_id = doc.value("queue_id", "");
        m.sender = doc.at("envelope").at("sender").get<std::string>();
        m.recipients = doc.at("envelope").at("recipients").get<std::vector<std::string>>();
        m.protocols = doc.at("protocols").get<std::vector<std::string>>();
        for (const auto& item : doc.at("violations")) {
            Violation v;
            const auto code = parse_violation_code(item.at("code").get<std::string>());
            if (!code) {
                return fail(ErrorKind::io, "metadata names an unknown violation code");
            }
            v.code = *code;
            v.protocol_id = item.value("protocol", "");
            v.part = item.value("part", "");
            v.detail = item.value("detail", "");
            v.evidence = item.value("evidence", "");
            v.action = parse_action(item.value("action", "quarantine")).value_or(Action::quarantine);
            m.violations.push_back(std::move(v));
        }
        m.size = doc.at("size").get<std::uint64_t>();
        m.sha256 = doc.at("sha256").get<std::string>();
        m.encrypted = doc.at("encrypted").get<bool>();
        return m;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorKind::io, fmt::format("damaged metadata: {}", e.what()));
    }
}

} // namespace pm::quarantine
