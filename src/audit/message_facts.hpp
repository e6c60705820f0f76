// What the register may know about a message's content: hashes and counts only.
#pragma once

#include "audit/record.hpp"
#include "mime/message_tree.hpp"

namespace pm::audit {

/// Fills `record.message_id_sha256` (SHA-256 of the Message-ID value without surrounding
/// whitespace), `attachment_count` and `attachment_sha256` (of each attachment's decoded bytes,
/// in document order): a leaf is an attachment when it is not a body text. Never names.
void add_message_facts(Record& record, const mime::MessageTree& tree);

} // namespace pm::audit
