// One pass over the words of a text: special-category terms from the lexicons, and the words
// that announce a pattern (where the pattern detectors then look).
#pragma once

#include "detect/candidate.hpp"
#include "detect/lexicon.hpp"
#include "detect/word_index.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace pm::detect {

/// The distinct lexicon terms of one category found in a text.
struct CategoryHits {
    std::vector<std::uint32_t> strong;  ///< indexes into Lexicons::terms, in order of first hit
    std::vector<std::uint32_t> weak;
};

/// A word of the text that announces one or more pattern kinds (bit k: PatternKind k).
struct PatternWord {
    Span span;
    std::uint32_t pattern_bits = 0;
};

struct WordScan {
    std::vector<CategoryHits> categories;  ///< indexed like Lexicons::categories
    std::vector<PatternWord> pattern_words;
    std::vector<Span> staff_words;  ///< words naming a colleague or a role, in text order
};

/// Words are runs of letters and digits, folded; a term matches whole words only (never inside
/// "Ziekenhuisstraat" or "bipolaire"), and the words of a multi-word term may be separated by
/// blanks, line breaks or a hyphen. One hash lookup per word; O(text size).
WordScan scan_words(std::string_view text, const Lexicons& lexicons, const WordIndex& index);

} // namespace pm::detect
