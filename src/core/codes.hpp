// The stable violation codes (public API: replies, JSON, audit, reports, tests) and the actions.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pm {

enum class ViolationCode {
    attachment_not_encrypted,
    attachment_unapproved_encryption,
    archive_weak_encryption,
    archive_partially_encrypted,
    archive_filenames_visible,
    archive_password_in_message,
    archive_unverifiable,
    label_missing,
    label_wrong,
    label_not_protected,
    data_national_number,
    data_special_category,
    data_not_permitted,
    data_cleartext_personal_data,
    recipient_unregistered_mailbox,
    recipient_outside_protocol,
    protocol_not_in_force,
    message_unparseable,
    message_limit_exceeded,
};

inline constexpr std::array all_violation_codes = {
    ViolationCode::attachment_not_encrypted,     ViolationCode::attachment_unapproved_encryption,
    ViolationCode::archive_weak_encryption,      ViolationCode::archive_partially_encrypted,
    ViolationCode::archive_filenames_visible,    ViolationCode::archive_password_in_message,
    ViolationCode::archive_unverifiable,         ViolationCode::label_missing,
    ViolationCode::label_wrong,                  ViolationCode::label_not_protected,
    ViolationCode::data_national_number,         ViolationCode::data_special_category,
    ViolationCode::data_not_permitted,           ViolationCode::data_cleartext_personal_data,
    ViolationCode::recipient_unregistered_mailbox, ViolationCode::recipient_outside_protocol,
    ViolationCode::protocol_not_in_force,        ViolationCode::message_unparseable,
    ViolationCode::message_limit_exceeded,
};

/// The dotted public name, e.g. "attachment.not_encrypted".
std::string_view to_string(ViolationCode code);
std::optional<ViolationCode> parse_violation_code(std::string_view name);

/// What the gateway does with a message. Ordered: the verdict is the maximum over violations.
/// `tempfail` is never configured per code: it is reserved for our own failures.
enum class Action { accept = 0, reject = 1, quarantine = 2, tempfail = 3 };

std::string_view to_string(Action action);
/// Parses the configurable actions ("accept", "reject", "quarantine"); nullopt otherwise.
std::optional<Action> parse_action(std::string_view name);

} // namespace pm
