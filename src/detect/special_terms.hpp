// Special-category terms: one pass over the words of a text, looked up in the lexicons.
#pragma once

#include "detect/lexicon.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace pm::detect {

/// The distinct lexicon terms of one category found in a text.
struct CategoryHits {
    std::vector<std::uint32_t> strong;  ///< indexes into Lexicons::terms, in order of first hit
    std::vector<std::uint32_t> weak;
};

/// Terms of every category (indexed like Lexicons::categories). Words are runs of letters and
/// digits, folded; a term matches whole words only (never inside "Ziekenhuisstraat" or
/// "bipolaire"), and the words of a multi-word term may be separated by blanks, line breaks or a
/// hyphen. O(text size).
std::vector<CategoryHits> find_terms(std::string_view text, const Lexicons& lexicons);

} // namespace pm::detect
