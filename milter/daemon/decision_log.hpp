// One key=value log line per decision: what was decided about which message, never its content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pm::milter {

/// The loggable facts of one decision. Only identifiers, codes, sizes and the sender's domain:
/// no addresses, names, subjects or file names.
struct Decision {
    std::string queue_id;       ///< Postfix queue id (macro `i`), "" when unknown
    std::string ref;            ///< incident reference, "" when none was made
    std::vector<std::string> protocols;
    std::string verdict;        ///< accept, reject, quarantine, tempfail
    std::vector<std::string> codes;
    std::uint64_t size = 0;     ///< message bytes seen
    std::int64_t ms = 0;        ///< time spent judging at end of message
    std::string sender_domain;  ///< "" for the null sender
    bool authenticated = false; ///< the MTA reported an SMTP AUTH login (the name is not logged)
    std::string error;          ///< our own failure, for tempfail
};

/// `queue_id=... ref=... protocol=a,b verdict=... codes=x,y size=N ms=N sender_domain=... auth=yes|no`
/// [` error="..."`]. Values are restricted to a safe character set; empty ones are written "-".
std::string format_decision(const Decision& decision);

/// Logs the line at info level (spdlog default logger).
void log_decision(const Decision& decision);

} // namespace pm::milter
