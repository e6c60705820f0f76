// Incident references: the one identifier a sender, the log, the quarantine and the register
// share for one judged message ("PM-20261124-K7F3A9C2").
#pragma once

#include "core/time.hpp"

#include <string>
#include <string_view>

namespace pm {

/// `PM-YYYYMMDD-XXXXXXXX`: the UTC date of `at`, then 40 random bits as 8 characters of
/// Crockford base32 (no I, L, O, U). Safe in file names, SMTP replies and headers.
std::string new_incident_ref(Instant at);

/// True when `text` has exactly that form (used before a reference becomes a file name).
bool is_incident_ref(std::string_view text);

} // namespace pm
