// Where the pattern detectors look: instead of running every regular expression over the whole
// text, each runs only in windows around what its matches must contain (digits for numbers, '@'
// for e-mail, a birth or income word, a title, a postcode). The windows are wide enough to hold
// any match of realistic length; the expressions still decide.
#pragma once

#include "detect/candidate.hpp"
#include "detect/patterns.hpp"
#include "detect/special_terms.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::detect {

using Windows = std::array<std::vector<Span>, pattern_count>;

/// The folded words that announce a kind, as (word, bit of the kind) for the word index.
const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words();

/// Sorted, merged windows per kind for `text`, from the announcing words the word scan found
/// and one pass over the bytes.
Windows pattern_windows(std::string_view text, const std::vector<PatternWord>& words);

} // namespace pm::detect
