// evaluate(): Findings + envelope + policy + time -> Verdict. Pure; the only place that knows
// what each protocol demands.
#pragma once

#include "config/policy.hpp"
#include "core/finding.hpp"
#include "core/time.hpp"
#include "policy/scope.hpp"
#include "policy/verdict.hpp"

namespace pm {

/// Judges one inspected message under every protocol in `scope`. Thread-safe (pure).
Verdict evaluate(const Envelope& envelope, const Scope& scope, const Inspection& inspection,
    const Policy& policy, Instant at);

} // namespace pm
