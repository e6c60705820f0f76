// Plain-language explanations of violations for senders (Dutch first, English when configured).
#pragma once

#include "config/policy.hpp"
#include "policy/verdict.hpp"

#include <string>

namespace pm {

/// One sentence saying what is wrong and how to fix it, without personal-data values.
/// `protocol` may be null (then generic wording is used).
std::string explain_nl(const Violation& violation, const Protocol* protocol);
std::string explain_en(const Violation& violation, const Protocol* protocol);

/// Dutch, or "Dutch / English" for Language::nl_en.
std::string explain(const Violation& violation, const Protocol* protocol, Language language);

} // namespace pm
