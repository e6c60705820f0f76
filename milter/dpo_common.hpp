// Shared by the DPO subcommands (quarantine, audit, report): loading the gateway file.
#pragma once

#include "config/loader.hpp"

#include <memory>
#include <string>

namespace pm::cli {

/// The policy from `config`, or nullptr after printing every problem to stderr.
std::shared_ptr<const Policy> load_policy_or_report(const std::string& config, std::string_view command);

} // namespace pm::cli
