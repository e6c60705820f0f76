// Microsoft Purview / AIP sensitivity labels from the msip_labels header (and its older forms).
#pragma once

#include "core/finding.hpp"
#include "mime/message_tree.hpp"

#include <vector>

namespace pm::protection {

/// Every *enabled* label on the message, from `msip_labels` (header name case-insensitive,
/// unfolded, attributes in any order, unknown attributes ignored, several tenants) and from the
/// older one-header-per-attribute form `msip_label_<guid>_enabled: true`. GUIDs and site ids
/// lower-case without braces. Never fails: a malformed header yields no label.
std::vector<SensitivityLabel> read_labels(const std::vector<mime::Header>& headers);

} // namespace pm::protection
