// Microsoft Purview / AIP sensitivity labels from the msip_labels header (and its older forms).
#pragma once

#include "core/finding.hpp"
#include "mime/message_tree.hpp"

#include <cstddef>
#include <vector>

namespace pm::protection {

/// Bounds on what one message's label headers may cost us.
inline constexpr std::size_t max_labels = 64;                ///< distinct GUIDs remembered
inline constexpr std::size_t max_label_headers = 256;        ///< msip_labels + legacy headers read
inline constexpr std::size_t max_label_header_bytes = 64 << 10;  ///< of one value (the rest ignored)
inline constexpr std::size_t max_label_name_bytes = 256;     ///< a label name is cut to this

/// Every *enabled* label on the message, in order of first appearance, from `msip_labels`
/// (header name case-insensitive; value unfolded, stray CR/LF/WSP tolerated; attributes
/// `MSIP_Label_<GUID>_<Attr>=<value>` separated by ';' in any order, keys case-insensitive,
/// unknown attributes ignored, several labels and tenants in one header) and from the older
/// one-header-per-attribute form `msip_label_<guid>_enabled: true`. A label counts only when its
/// `Enabled` is `true` (any case) and no occurrence says otherwise; for the other attributes the
/// first occurrence wins. GUIDs and site ids are lower-case without braces (a malformed GUID is
/// no label; a malformed site id is left empty); the name has its white space collapsed and is
/// valid, single-line UTF-8. `claims_encryption` is ContentBits & 0x8. Never fails: a malformed
/// header yields no label. Pure function, thread-safe.
std::vector<SensitivityLabel> read_labels(const std::vector<mime::Header>& headers);

} // namespace pm::protection
