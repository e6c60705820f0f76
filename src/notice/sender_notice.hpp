// The sender notice: an RFC 3464 multipart/report telling the sender that a message was held for
// the DPO, why, under which reference, and whom to ask.
#pragma once

#include "config/policy.hpp"
#include "core/error.hpp"
#include "notice/rate_limiter.hpp"
#include "notice/templates.hpp"
#include "quarantine/metadata.hpp"

#include <string>
#include <string_view>

namespace pm::notice {

/// The notice for `incident` (a quarantined message) as RFC 5322 text:
///   multipart/report; report-type=delivery-status
///     1 text/plain            the template(s), Dutch first (English after for nl+en)
///     2 message/delivery-status  Reporting-MTA, Arrival-Date; per recipient Final-Recipient,
///                             Action: failed, Status: 5.7.1, Diagnostic-Code: smtp; 550 5.7.1 <codes>
///     3 text/rfc822-headers   the original header section only (Content-Disposition and
///                             Content-Type parameters dropped: they may name an attachment)
/// with `Auto-Submitted: auto-replied`, From `notice.from`, To the envelope sender.
/// `original` is the raw message (only its header section is read).
Result<std::string> build_notice(const Policy& policy, const Templates& templates,
    const quarantine::Metadata& incident, std::string_view original, Instant now);

/// Why a notice was or was not sent.
enum class Outcome { sent, disabled, null_sender, outside_disclosers, rate_limited };
std::string_view to_string(Outcome outcome);

/// Sends the notice for `incident` through the sendmail command (`-f <>`: a notice never
/// bounces back) unless notices are disabled, the sender is `<>`, the sender is outside the
/// discloser domains, or `limiter` says this sender had enough. Thread-safe given a shared
/// limiter; call it only after the message is durably stored. An Error is the sendmail
/// command failing: log it; the message is safely quarantined either way.
Result<Outcome> send_if_due(const Policy& policy, const Templates& templates, RateLimiter& limiter,
    const quarantine::Metadata& incident, std::string_view original, Instant now);

/// The header section of a raw message (up to and without the empty line), at most 256 KiB
/// (cut at a field boundary).
std::string_view header_section(std::string_view message);

} // namespace pm::notice
