// What the daemon writes back to the MTA: SMTP reply lines, the hold reason, the check header.
// Every text here is built from codes, protocol settings and envelope addresses, never from
// message content: file names and evidence stay out (Postfix logs reply texts).
#pragma once

#include "config/policy.hpp"
#include "policy/verdict.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pm::milter {

/// Most lines in one multi-line SMTP reply (libmilter's limit).
inline constexpr std::size_t max_reply_lines = 32;
/// Most bytes of text per reply line: with "550-5.7.1 " and CRLF well under SMTP's 512.
inline constexpr std::size_t max_reply_line_bytes = 400;
/// Most bytes in a quarantine (hold) reason.
inline constexpr std::size_t max_quarantine_reason_bytes = 99;

/// `text` as one SMTP reply line: UTF-8 folded to ASCII (ë -> e, other characters '?'),
/// control characters (CR, LF, tabs) as spaces, '%' doubled for libmilter, at most `max_bytes`
/// (cut with "..." when longer).
std::string smtp_safe(std::string_view text, std::size_t max_bytes = max_reply_line_bytes);

/// The 550 5.7.1 reply: the protocol title and the incident reference, then one line per
/// violation that blocks (Dutch; English after each when the language is nl+en) with its fix.
/// Parts are named by their position and file type only ("Bijlage 2 (.docx)"): file names can
/// hold client names. At most max_reply_lines lines, each SMTP-safe.
std::vector<std::string> reject_reply(const Verdict& verdict, const Policy& policy, std::string_view ref);

/// The 451 4.7.1 reply for our own failures: a short Dutch (and English) text with the reference.
std::vector<std::string> tempfail_reply(Language language, std::string_view ref);

/// The hold reason: the reference and the violation codes, ASCII, under 100 characters.
std::string quarantine_reason(const Verdict& verdict, std::string_view ref);

/// The check header's value: `<result>; protocol=<id>[,<id>]; ref=<ref>`.
std::string check_header_value(std::string_view result, const Verdict& verdict, std::string_view ref);

/// `part` ("2/1 verwijzing.docx") with the file name replaced by its type ("2/1 2/1 (.docx)"),
/// in the form report/explanation expects, so sentences name the part without its name
/// (report::for_sender does it; the reply and the sender notice share that one rule).
std::string part_without_name(const std::string& part);

} // namespace pm::milter
