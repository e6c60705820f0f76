// Candidate passwords from a message's readable text, most likely first.
#pragma once

#include "inspect/readable_text.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pm {

struct PasswordCandidate {
    std::string value;
    std::string part;  ///< the readable part it came from
};

/// Candidates in the order they should be tried, without duplicates, at most `max_count`:
/// first the token after a cue word (wachtwoord, paswoord, password, ww, code, sleutel, mot de
/// passe, pw, ...) and the rest of that line; then every password-shaped token of 6..64
/// characters (letters with digits, symbols or inner capitals), with and without surrounding
/// punctuation; then every line of 6..64 characters that is one token. Plain words and
/// sentences without a cue are not tried: each 7z candidate costs 2^19 SHA-256 rounds, and a
/// compliant referral is all plain words. Bounded work: O(text size).
std::vector<PasswordCandidate> password_candidates(const std::vector<ReadableText>& texts, std::size_t max_count);

} // namespace pm
