// Redaction of detected values for evidence strings: keep the structure and a few characters,
// star the rest. Everything that leaves memory (logs, replies, reports) goes through here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pm::detect {

/// 11 digits -> `85.07.30-***.**` (the birth-date part stays, as the design's reference form).
std::string redact_national_number(std::string_view digits);

/// A compact IBAN -> groups of four, country and check digits and the last four kept:
/// `BE68 **** **** 7034`, `NL91 **** **** **43 00`.
std::string redact_iban(std::string_view compact);

/// 12 digits -> `591-*******-**`.
std::string redact_id_card(std::string_view digits);

/// Letters and digits starred except the first `keep_front` and the last `keep_back` of them;
/// separators (spaces, dots, slashes, ...) stay as written: `0471 ** ** 56`.
std::string redact_keep_ends(std::string_view text, std::size_t keep_front, std::size_t keep_back);

/// `jan.peeters@telenet.be` -> `j**.*******@t******.be`.
std::string redact_email(std::string_view address);

/// Each word keeps its first letter (digits are always starred), the rest is starred (per code point); at most
/// `max_code_points` are written, then `…`: `Jan Peeters` -> `J** P******`.
std::string redact_words(std::string_view text, std::size_t max_code_points = 40);

} // namespace pm::detect
