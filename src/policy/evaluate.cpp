// The rules of the protocols: recipients, validity, transport (Article 6) and data (Article 3).
#include "policy/evaluate.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm {

namespace {

class Judgement {
public:
    Judgement(const Policy& policy, Verdict& verdict) : m_policy(policy), m_verdict(verdict) {}

    void add(const Protocol& protocol, ViolationCode code, std::string part, std::string detail,
        std::string evidence = {})
    {
        const Action action = m_policy.action_for(protocol, code);
        m_verdict.violations.push_back(Violation{code, protocol.id, std::move(part),
            std::move(detail), std::move(evidence), action});
        m_verdict.action = std::max(m_verdict.action, action);
    }

private:
    const Policy& m_policy;
    Verdict& m_verdict;
};

std::string describe_validity(const Protocol& p)
{
    if (p.suspended) {
        return "the protocol is suspended";
    }
    std::string text = "in force from " + format_date(p.in_force_from);
    if (p.in_force_until) {
        text += " until " + format_date(*p.in_force_until);
    }
    return text;
}

std::string join_mailboxes(const Protocol& p)
{
    std::string out;
    for (const Address& a : p.mailboxes) {
        out += (out.empty() ? "" : ", ") + a.str();
    }
    return out;
}

// Content that must go to a registered mailbox: an encrypted archive or personal data. Fail
// closed: a message we could not fully read may carry either.
bool carries_protocol_content(const Inspection& inspection)
{
    const bool unreadable = std::ranges::any_of(inspection.findings, [](const Finding& f) {
        return std::holds_alternative<Unparseable>(f.facts)
            || std::holds_alternative<LimitExceeded>(f.facts)
            || std::holds_alternative<UnverifiableContainer>(f.facts);
    });
    return unreadable || inspection.has_encrypted_archive() || inspection.has_personal_data();
}

void judge_recipients(const Envelope& envelope, const Scope& scope, const Inspection& inspection,
    const Policy& policy, Judgement& judgement)
{
    const bool carries_content = carries_protocol_content(inspection);
    for (const Address& rcpt : envelope.recipients) {
        const bool registered = std::ranges::any_of(
            scope.covering, [&](const Protocol* p) { return p->is_registered_mailbox(rcpt); });
        if (registered) {
            continue;
        }
        // A mailbox of the receiving organisation, but not the one the protocol registered.
        const auto owner = std::ranges::find_if(policy.protocols, [&](const Protocol& p) {
            return p.in_organisation(rcpt) && !p.is_registered_mailbox(rcpt);
        });
        if (owner != policy.protocols.end() && carries_content) {
            judgement.add(*owner, ViolationCode::recipient_unregistered_mailbox, {},
                fmt::format("recipient {} is not the registered mailbox {}", rcpt.str(),
                    join_mailboxes(*owner)));
            continue;
        }
        if (!scope.covering.empty() && !policy.is_discloser(rcpt)) {
            judgement.add(*scope.covering.front(), ViolationCode::recipient_outside_protocol, {},
                fmt::format("recipient {} is outside the protocol", rcpt.str()));
        }
    }
}

void judge_archive(const Protocol& p, const Finding& f, const ArchiveFacts& a, Judgement& j)
{
    const bool approved_format = a.format == ArchiveFormat::seven_zip
        || (a.format == ArchiveFormat::zip && p.archive.allow_zip_aes256);
    if (a.coverage == Coverage::none) {
        j.add(p, ViolationCode::attachment_not_encrypted, f.part,
            fmt::format("{} archive without encryption", to_string(a.format)));
        return;
    }
    if (p.transport != TransportMethod::encrypted_archive || !approved_format) {
        j.add(p, ViolationCode::attachment_unapproved_encryption, f.part,
            fmt::format("encrypted {} archive is not an approved container", to_string(a.format)));
        if (p.transport != TransportMethod::encrypted_archive) {
            return;
        }
    }
    if (a.coverage == Coverage::partial) {
        j.add(p, ViolationCode::archive_partially_encrypted, f.part,
            "some members of the archive are not encrypted");
    }
    const bool weak_cipher = a.weakest_cipher < p.archive.min_cipher;
    const bool weak_kdf = a.kdf_cycles_power && *a.kdf_cycles_power < p.archive.min_kdf_cycles_power;
    if (weak_cipher || weak_kdf) {
        std::string detail = weak_cipher
            ? fmt::format("cipher {}, required {}", to_string(a.weakest_cipher), to_string(p.archive.min_cipher))
            : fmt::format("key derivation 2^{} rounds, required 2^{}", *a.kdf_cycles_power,
                p.archive.min_kdf_cycles_power);
        j.add(p, ViolationCode::archive_weak_encryption, f.part, std::move(detail));
    }
    if (!a.names_encrypted && p.archive.require_encrypted_names) {
        j.add(p, ViolationCode::archive_filenames_visible, f.part, "member file names are readable");
    }
}

void judge_transport(const Protocol& p, const Inspection& inspection, Judgement& j)
{
    for (const Finding& f : inspection.findings) {
        if (const auto* readable = std::get_if<ReadableAttachment>(&f.facts)) {
            if (p.readable_attachments == ReadableAttachments::strict) {
                j.add(p, ViolationCode::attachment_not_encrypted, f.part,
                    fmt::format("readable {} attachment", readable->sniffed_type));
            }
        } else if (const auto* foreign = std::get_if<ForeignEncryption>(&f.facts)) {
            j.add(p, ViolationCode::attachment_unapproved_encryption, f.part,
                fmt::format("{} encryption is not an approved container", to_string(foreign->mechanism)));
        } else if (const auto* archive = std::get_if<ArchiveFacts>(&f.facts)) {
            judge_archive(p, f, *archive, j);
        } else if (const auto* unverifiable = std::get_if<UnverifiableContainer>(&f.facts)) {
            j.add(p, ViolationCode::archive_unverifiable, f.part, unverifiable->reason);
        } else if (const auto* password = std::get_if<PasswordInMessage>(&f.facts)) {
            j.add(p, ViolationCode::archive_password_in_message, f.part,
                fmt::format("the password is readable in part {}", password->found_in));
        }
    }
    if (p.transport != TransportMethod::sensitivity_label) {
        if (inspection.protection) {
            j.add(p, ViolationCode::attachment_unapproved_encryption, {},
                fmt::format("the message itself is {}-encrypted; the protocol requires an encrypted 7-Zip archive",
                    to_string(inspection.protection->mechanism)));
        }
        return;
    }
    const auto accepted = std::ranges::find_if(inspection.labels, [&](const SensitivityLabel& l) {
        const bool tenant_ok = p.label.site_ids.empty()
            || std::ranges::find(p.label.site_ids, l.site_id) != p.label.site_ids.end();
        const bool by_name = std::ranges::any_of(
            p.label.names, [&](const std::string& n) { return ascii_lower(n) == ascii_lower(l.name); });
        const bool by_guid = std::ranges::find(p.label.guids, l.guid) != p.label.guids.end();
        return tenant_ok && (by_name || by_guid);
    });
    if (inspection.labels.empty()) {
        j.add(p, ViolationCode::label_missing, {}, "the message has no sensitivity label");
    } else if (accepted == inspection.labels.end()) {
        j.add(p, ViolationCode::label_wrong, {},
            fmt::format("label '{}' is not accepted by the protocol", inspection.labels.front().name));
    } else if (p.label.require_encryption && (!inspection.protection || !inspection.protection->strong)) {
        j.add(p, ViolationCode::label_not_protected, {},
            inspection.protection ? "the message protection is weaker than AES-256"
                                  : "the label is right but the message is not encrypted");
    }
}

void judge_data(const Protocol& p, const Inspection& inspection, Judgement& j)
{
    for (const Finding& f : inspection.findings) {
        if (const auto* special = std::get_if<SpecialCategory>(&f.facts)) {
            j.add(p, ViolationCode::data_special_category, f.part,
                fmt::format("special-category data ({})", special->category), f.evidence);
        } else if (const auto* data = std::get_if<PersonalData>(&f.facts)) {
            if (data->field == FieldType::national_number) {
                j.add(p, ViolationCode::data_national_number, f.part,
                    "a valid national register or BIS number is readable", f.evidence);
            } else if (!p.permits(data->field)) {
                j.add(p, ViolationCode::data_not_permitted, f.part,
                    fmt::format("field '{}' is not permitted by the protocol", to_string(data->field)),
                    f.evidence);
            } else if (!p.cleartext_allowed) {
                j.add(p, ViolationCode::data_cleartext_personal_data, f.part,
                    fmt::format("field '{}' is readable; the protocol requires it encrypted",
                        to_string(data->field)),
                    f.evidence);
            }
        }
    }
}

void judge_structure(const Protocol& p, const Inspection& inspection, Judgement& j)
{
    for (const Finding& f : inspection.findings) {
        if (const auto* bad = std::get_if<Unparseable>(&f.facts)) {
            j.add(p, ViolationCode::message_unparseable, f.part, bad->reason);
        } else if (const auto* limit = std::get_if<LimitExceeded>(&f.facts)) {
            j.add(p, ViolationCode::message_limit_exceeded, f.part,
                fmt::format("{} exceeded ({} > {})", limit->limit, limit->value, limit->maximum));
        }
    }
}

void add_protocol_id(Verdict& verdict, const std::string& id)
{
    if (std::ranges::find(verdict.protocols, id) == verdict.protocols.end()) {
        verdict.protocols.push_back(id);
    }
}

} // namespace

Verdict evaluate(const Envelope& envelope, const Scope& scope, const Inspection& inspection,
    const Policy& policy, Instant at)
{
    Verdict verdict;
    Judgement judgement(policy, verdict);
    for (const Protocol* p : scope.covering) {
        add_protocol_id(verdict, p->id);
        if (!p->in_force_at(at)) {
            judgement.add(*p, ViolationCode::protocol_not_in_force, {},
                fmt::format("evaluated at {}; {}", format_instant(at), describe_validity(*p)));
        }
        judge_structure(*p, inspection, judgement);
        judge_transport(*p, inspection, judgement);
        judge_data(*p, inspection, judgement);
    }
    judge_recipients(envelope, scope, inspection, policy, judgement);
    for (const Violation& v : verdict.violations) {
        add_protocol_id(verdict, v.protocol_id);
    }
    return verdict;
}

} // namespace pm
