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

/// `violation` as a sender may be shown it outside the DPO's review (the sender notice): without
/// its evidence, and with an attachment's file name, which may itself be personal data
/// ("2 verslag Jan Janssens.docx"), replaced by its part number and type ("2 2 (.docx)", so the
/// sentences say "Bijlage 2 (.docx)"). A part without a file name is kept.
Violation for_sender(const Violation& violation);

/// Dutch, or "Dutch / English" for Language::nl_en.
std::string explain(const Violation& violation, const Protocol* protocol, Language language);

} // namespace pm
