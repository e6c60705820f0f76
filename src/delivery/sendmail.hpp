// Hands a message to the MTA through the configured sendmail command (releases, notices, reports).
#pragma once

#include "config/dpo_settings.hpp"
#include "core/error.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace pm::delivery {

/// What a child process did.
struct RunOutcome {
    int exit_status = -1;       ///< exit status, or -1 when killed by a signal
    std::string diagnostics;    ///< its stdout and stderr, the first 4 KiB
};

/// Runs `argv` (argv[0] an absolute path; no shell) with `input` on its standard input and waits
/// at most `timeout`, then kills it. An Error means it could not be started, fed or waited for, or
/// ran out of time. Thread-safe; SIGPIPE is kept from the calling process.
Result<RunOutcome> run_with_input(
    const std::vector<std::string>& argv, std::string_view input, std::chrono::seconds timeout);

/// One message for the MTA. Addresses are passed as given (the raw envelope), after checks that
/// they are single plain tokens.
struct Submission {
    std::string sender;  ///< envelope sender; "" for the null sender `<>`
    std::vector<std::string> recipients;
    std::string_view message;  ///< the whole message, headers and body
};

/// Runs `<sendmail...> -f <sender> -- <recipients...>` with the message on stdin. Success only
/// when the command exits 0: the MTA then owns the message. Otherwise ErrorKind::io with the
/// command's exit status and first output line.
Result<void> submit(const DeliverySettings& settings, const Submission& submission);

/// True when `address` can be passed as one argument: 1..320 printable ASCII bytes (or UTF-8),
/// no spaces, controls, quotes or brackets.
bool is_plain_envelope_address(std::string_view address);

} // namespace pm::delivery
