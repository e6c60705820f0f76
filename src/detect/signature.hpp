// The sender's signature blocks: after a "-- " line, or after a closing ("Met vriendelijke
// groeten", "Cordialement", "Kind regards", ...) near the end of a text or of a quoted message.
#pragma once

#include "detect/candidate.hpp"

#include <string_view>
#include <vector>

namespace pm::detect {

/// The byte ranges of `text` that are signature blocks, in order. A closing starts a block only
/// when at most a few lines follow it before the end of the text or the start of a quoted or
/// forwarded message ("Van:", "-----Original Message-----", "> ..."); a "-- " line always starts
/// one (capped at 20 lines). O(text size).
std::vector<Span> signature_blocks(std::string_view text);

} // namespace pm::detect
