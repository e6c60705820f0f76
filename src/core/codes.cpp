// Names of the violation codes and actions, and their parsers.
#include "core/codes.hpp"

namespace pm {

std::string_view to_string(ViolationCode code)
{
    switch (code) {
    case ViolationCode::attachment_not_encrypted: return "attachment.not_encrypted";
    case ViolationCode::attachment_unapproved_encryption: return "attachment.unapproved_encryption";
    case ViolationCode::archive_weak_encryption: return "archive.weak_encryption";
    case ViolationCode::archive_partially_encrypted: return "archive.partially_encrypted";
    case ViolationCode::archive_filenames_visible: return "archive.filenames_visible";
    case ViolationCode::archive_password_in_message: return "archive.password_in_message";
    case ViolationCode::archive_unverifiable: return "archive.unverifiable";
    case ViolationCode::label_missing: return "label.missing";
    case ViolationCode::label_wrong: return "label.wrong";
    case ViolationCode::label_not_protected: return "label.not_protected";
    case ViolationCode::data_national_number: return "data.national_number";
    case ViolationCode::data_special_category: return "data.special_category";
    case ViolationCode::data_not_permitted: return "data.not_permitted";
    case ViolationCode::data_cleartext_personal_data: return "data.cleartext_personal_data";
    case ViolationCode::recipient_unregistered_mailbox: return "recipient.unregistered_mailbox";
    case ViolationCode::recipient_outside_protocol: return "recipient.outside_protocol";
    case ViolationCode::protocol_not_in_force: return "protocol.not_in_force";
    case ViolationCode::message_unparseable: return "message.unparseable";
    case ViolationCode::message_limit_exceeded: return "message.limit_exceeded";
    }
    return "internal.unknown_code";
}

std::optional<ViolationCode> parse_violation_code(std::string_view name)
{
    for (const auto code : all_violation_codes) {
        if (to_string(code) == name) {
            return code;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Action action)
{
    switch (action) {
    case Action::accept: return "accept";
    case Action::reject: return "reject";
    case Action::quarantine: return "quarantine";
    case Action::tempfail: return "tempfail";
    }
    return "tempfail";
}

std::optional<Action> parse_action(std::string_view name)
{
    if (name == "accept") {
        return Action::accept;
    }
    if (name == "reject") {
        return Action::reject;
    }
    if (name == "quarantine") {
        return Action::quarantine;
    }
    return std::nullopt;
}

} // namespace pm
