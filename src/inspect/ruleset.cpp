// Loading the rules and the lexicons as one unit, so a reload swaps both or neither.
#include "inspect/ruleset.hpp"

#include "config/loader.hpp"

namespace pm {

std::expected<std::shared_ptr<const Ruleset>, std::vector<std::string>> load_ruleset(
    const std::filesystem::path& gateway_file)
{
    auto policy = load_policy(gateway_file);
    if (!policy) {
        std::vector<std::string> lines;
        for (const ConfigDiagnostic& d : policy.error()) {
            lines.push_back(d.str());
        }
        return std::unexpected(std::move(lines));
    }
    auto detector = detect::Detector::load((*policy)->gateway.lexicon_dir);
    if (!detector) {
        return std::unexpected(std::move(detector.error()));
    }
    return std::make_shared<const Ruleset>(Ruleset{std::move(*policy), std::move(*detector)});
}

} // namespace pm
