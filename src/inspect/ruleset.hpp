// Everything a judgement needs, loaded and validated together: the policy and the compiled detectors.
#pragma once

#include "config/policy.hpp"
#include "detect/detector.hpp"

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pm {

/// Immutable, shared read-only between threads (the daemon swaps whole Rulesets on reload).
struct Ruleset {
    std::shared_ptr<const Policy> policy;
    std::shared_ptr<const detect::Detector> detector;
};

/// Loads gateway.toml, the protocol files and the lexicons it names; every problem of every file
/// as one `file:line:col: key.path: problem (fix)` line.
std::expected<std::shared_ptr<const Ruleset>, std::vector<std::string>> load_ruleset(
    const std::filesystem::path& gateway_file);

} // namespace pm
