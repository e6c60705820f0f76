// What the daemon needs of the DPO side at end of message: the register, the notice templates
// and rate limit, the release key. One per process, shared by every Session.
#pragma once

#include "audit/register.hpp"
#include "config/policy.hpp"
#include "core/error.hpp"
#include "notice/rate_limiter.hpp"
#include "notice/templates.hpp"

#include <memory>
#include <string>
#include <vector>

namespace pm::milter {

/// Thread-safe: the register and the limiter lock internally; templates and key are read-only.
/// Opened at start from the first policy: [audit] file, [notice] templates and limits and
/// [quarantine] release_key apply at start (a reload keeps them); the quarantine store itself
/// follows the current policy per message.
struct DpoServices {
    DpoServices(const Policy& policy, notice::Templates templates, std::string release_key);

    audit::Register audit;
    notice::RateLimiter limiter;
    notice::Templates templates;
    std::string release_key;  ///< the secret of quarantine/release_token.hpp

    /// Loads the templates (when notices are enabled) and the release key (created when
    /// missing). Every problem as one line, for the start-up error.
    static std::expected<std::unique_ptr<DpoServices>, std::vector<std::string>> open(const Policy& policy);
};

} // namespace pm::milter
