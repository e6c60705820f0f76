// Reads one rules/protocols/*.toml file (one signed protocol) into a Protocol.
#pragma once

#include "config/policy.hpp"
#include "config/toml_reader.hpp"

#include <optional>
#include <vector>

namespace pm::config {

/// A protocol file as read, with the positions the cross-file checks (duplicate ids, a mailbox
/// claimed twice) need to point at.
struct ProtocolFile {
    Protocol protocol;
    std::optional<toml::source_position> id_at; ///< set when `id` was read and is valid
    std::vector<ListItem> mailbox_items; ///< parallel to protocol.mailboxes
};

/// Reads the root table of one protocol file. Every problem goes to `diagnostics` (its `file`
/// names the protocol file); the result holds whatever could be read, so later checks can still
/// run. The caller must treat the protocol as unusable when a diagnostic was added.
ProtocolFile read_protocol(const toml::table& root, FileDiagnostics& diagnostics);

} // namespace pm::config
