// Hand-written matchers for the hottest pattern kinds. Each returns exactly what
// `RE2(patterns()[kind]).Match(text, position, end, RE2::UNANCHORED, &match, 1)` returns, at a
// fraction of RE2's per-call cost (the windows are a few dozen bytes; RE2's set-up dominated).
// tests/fuzz/fuzz_matchers.cpp checks the equivalence against RE2 on arbitrary bytes.
#pragma once

#include "detect/candidate.hpp"
#include "detect/patterns.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace pm::detect {

/// The leftmost match of the e-mail pattern that starts at or after `position` and ends at or
/// before `end` (position <= end <= text.size()); bytes outside the range are context for `\b`.
std::optional<Span> match_email(std::string_view text, std::size_t position, std::size_t end);

/// The same for the phone pattern.
std::optional<Span> match_phone(std::string_view text, std::size_t position, std::size_t end);

/// The same for the national_number, id_card and iban patterns (group 1 is the whole match).
std::optional<Span> match_national_number(std::string_view text, std::size_t position, std::size_t end);
std::optional<Span> match_id_card(std::string_view text, std::size_t position, std::size_t end);
std::optional<Span> match_iban(std::string_view text, std::size_t position, std::size_t end);

/// A match and its group 1 (the value).
struct PatternMatch {
    Span whole;
    Span value;
};

/// What a matcher that decides only some ranges found; RE2 decides the `undecided` ones.
struct Outcome {
    enum class State { no_match, match, undecided };
    State state = State::no_match;
    PatternMatch match;
};

/// The ranges the matchers below decide: every byte of text[position, end) above 0x7F belongs to
/// a well-formed UTF-8 encoding of U+00A0..U+00FF (Latin-1 Supplement), U+2019 (’) or U+20AC
/// (€), where they know what RE2's Unicode classes and case folding do. On any other range they
/// return `undecided`.

/// The honorific_name and birth_date patterns (whole match and group 1).
Outcome match_honorific_name(std::string_view text, std::size_t position, std::size_t end);
Outcome match_birth_date(std::string_view text, std::size_t position, std::size_t end);

/// The address pattern (whole match, and group 1: the match without the context character
/// before the street).
Outcome match_address(std::string_view text, std::size_t position, std::size_t end);

/// The nationality pattern (group 1 is the whole match).
Outcome match_nationality(std::string_view text, std::size_t position, std::size_t end);

/// The income pattern (whole match, and group 1: the income word).
Outcome match_income(std::string_view text, std::size_t position, std::size_t end);

/// The matcher of `kind` on text[position, end) as an Outcome (a whole-match kind's group 1 is
/// its whole match); `undecided` for a kind without a matcher (RE2 decides it).
Outcome match_pattern(PatternKind kind, std::string_view text, std::size_t position, std::size_t end);

} // namespace pm::detect
