// Pattern detectors (RE2): the regular expressions that find candidates, and the precise
// validation of each match (checksums, calendar dates, phone numbering plans).
#pragma once

#include "detect/candidate.hpp"

#include <array>
#include <optional>
#include <re2/stringpiece.h>
#include <string_view>

namespace pm::detect {

/// The pattern kinds, in the order of patterns(); also the priority when matches overlap.
enum class PatternKind {
    national_number, id_card, iban, birth_date, email, phone, address, honorific_name, nationality, income
};
inline constexpr std::size_t pattern_count = 10;

/// RE2 source of each kind. Group 1 is the candidate value.
const std::array<std::string_view, pattern_count>& patterns();

/// Whether group 1 of `kind` must come from RE2's submatch engine. The others run on the DFA
/// alone (several times faster) and value_of_match() derives group 1 from the whole match.
bool value_needs_submatch(PatternKind kind);

/// Group 1 of a whole match of a kind for which value_needs_submatch() is false.
re2::StringPiece value_of_match(PatternKind kind, re2::StringPiece match);

/// Validates one match of `kind` whose group 1 is `value` at `span` in `text`; nullopt when it
/// is not what it looks like. `current_year` bounds national numbers read as 20xx.
std::optional<Candidate> validate_match(
    PatternKind kind, std::string_view text, Span span, std::string_view whole_match, int current_year);

/// International digits of a phone number ("32471123456"), or "" when it is not one:
/// Belgian numbers follow the numbering plan (8-digit landlines, 9-digit 045x-049x mobiles,
/// no 070/078/0800/090x service numbers); others have 8 to 15 digits.
std::string normalise_phone(std::string_view written);

} // namespace pm::detect
