#include "daemon/dpo_services.hpp"

#include "quarantine/release_token.hpp"

#include <fmt/format.h>

namespace pm::milter {

DpoServices::DpoServices(const Policy& policy, notice::Templates loaded, std::string key)
    : audit(policy.gateway.dpo.audit),
      limiter(policy.gateway.dpo.notice.max_per_sender, policy.gateway.dpo.notice.window),
      templates(std::move(loaded)),
      release_key(std::move(key))
{
}

std::expected<std::unique_ptr<DpoServices>, std::vector<std::string>> DpoServices::open(const Policy& policy)
{
    std::vector<std::string> problems;
    const DpoSettings& dpo = policy.gateway.dpo;
    notice::Templates templates;
    if (dpo.notice.enabled) {
        auto loaded = notice::load_templates(dpo.notice.templates, policy.gateway.language);
        if (loaded) {
            templates = std::move(*loaded);
        } else {
            problems = std::move(loaded.error());
        }
    }
    auto key = quarantine::load_release_key(dpo.quarantine.release_key, true);
    if (!key) {
        problems.push_back(fmt::format("quarantine.release_key: {}", key.error().message));
    }
    if (!problems.empty()) {
        return std::unexpected(std::move(problems));
    }
    return std::make_unique<DpoServices>(policy, std::move(templates), std::move(*key));
}

} // namespace pm::milter
