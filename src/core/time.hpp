// Instants and calendar dates: ISO-8601 parsing for --at and rule files.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pm {

using Instant = std::chrono::sys_seconds;
using Date = std::chrono::year_month_day;

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with `Z`, `+HH:MM`/`-HH:MM` or no zone (UTC).
/// A bare date means its first second (00:00:00 UTC).
std::optional<Instant> parse_instant(std::string_view text);

/// `YYYY-MM-DD`, for logs and messages.
std::string format_date(Date date);
/// `YYYY-MM-DDTHH:MM:SSZ`.
std::string format_instant(Instant instant);

/// Now, to the second.
Instant now_instant();

} // namespace pm
