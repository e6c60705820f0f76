// Attachment classification: every non-body leaf, by its sniffed type, into transport findings;
// readable containers are opened and their members classified in turn.
#pragma once

#include "core/finding.hpp"
#include "core/limits.hpp"
#include "inspect/password_proof.hpp"
#include "inspect/readable_text.hpp"
#include "mime/message_tree.hpp"

#include <deque>
#include <string>
#include <vector>

namespace pm {

/// What the classification yields besides findings.
struct AttachmentScan {
    std::vector<EncryptedArchive> encrypted;  ///< for the password proof
    std::vector<ReadableText> texts;          ///< text of readable attachments and archive members
    /// Unpacked members of readable archives; the checkers and texts above may point into them.
    std::deque<std::string> owned;
};

/// Adds one finding per attachment (and per member of a readable archive) to `inspection` and
/// counts the attachments. Skips the leaves in `protected_paths` (the message's own encrypted
/// container) and inline images referenced by `cid:` from the HTML body under 256 KiB
/// (signature decoration). The readable text of every readable part and member is extracted
/// into the scan, spending `text_budget` (UTF-8 bytes; running out is message.limit_exceeded).
/// The returned scan borrows from `tree`: keep the tree alive.
AttachmentScan classify_attachments(const mime::MessageTree& tree, const std::vector<std::string>& protected_paths,
    const Limits& limits, std::uint64_t& text_budget, Inspection& inspection);

} // namespace pm
