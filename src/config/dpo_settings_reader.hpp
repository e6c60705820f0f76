// Reads [quarantine], [audit], [notice], [delivery] and [report] of gateway.toml.
#pragma once

#include "config/dpo_settings.hpp"
#include "config/toml_reader.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pm::config {

/// Reads the optional DPO sections from the gateway file's root table into `settings`; every
/// problem goes to the root's diagnostics. Paths are stored as written.
void read_dpo_settings(TableReader& root, DpoSettings& settings);

/// Resolves relative paths against `base` (the gateway file's directory) and fills the defaults
/// that depend on other settings (the notice From: address).
void resolve_dpo_settings(
    DpoSettings& settings, const std::filesystem::path& base, const std::vector<std::string>& discloser_domains);

} // namespace pm::config
