// Attachment classification: every non-body leaf, by its sniffed type, into transport findings.
#pragma once

#include "core/finding.hpp"
#include "mime/message_tree.hpp"

namespace pm {

/// Adds one finding per attachment to `inspection` and counts them. Inline images referenced by
/// `cid:` from an HTML body and smaller than 256 KiB are signature decoration and are skipped.
void classify_attachments(const mime::MessageTree& tree, Inspection& inspection);

} // namespace pm
