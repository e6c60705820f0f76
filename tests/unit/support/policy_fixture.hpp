// A Policy built in code, mirroring the two shipped protocols, for tests of policy/ that must not
// depend on the rule-file loader.
#pragma once

#include "config/policy.hpp"
#include "inspect/ruleset.hpp"
#include "policy/verdict.hpp"

#include <initializer_list>
#include <string>

namespace pm::test {

/// Tessenderlo-Ham (7z, from 2026-02-01) and Pepingen (label "Geheim", from 2025-12-18), discloser
/// domains opgroeien.be and kindengezin.be, default actions as shipped.
Policy two_protocol_policy();

/// `policy` with the shipped lexicons (rules/lexicons) compiled beside it.
Ruleset ruleset_for(Policy policy);

/// Parses addresses (REQUIREs each to be valid).
Envelope envelope(const std::string& sender, std::initializer_list<std::string> recipients);

/// A date-time well inside both protocols' validity.
Instant in_force_time();

} // namespace pm::test
