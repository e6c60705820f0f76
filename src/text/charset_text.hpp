// Declared-charset text to UTF-8 (iconv), with the fallbacks mail needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pm::text {

/// Converts `bytes` from `charset` to UTF-8. An empty, generic ("us-ascii", "unknown-8bit") or
/// unknown charset means: valid UTF-8 as is, otherwise Windows-1252. ISO-8859-1 is read as its
/// superset Windows-1252 (as browsers do). Ill-formed input becomes U+FFFD; never throws.
/// Stops once the output passes `max_bytes` (the caller cuts it). Thread-safe.
std::string charset_to_utf8(std::string_view bytes, std::string_view charset, std::uint64_t max_bytes);

} // namespace pm::text
