// Field-label lines: `Label: value` or `Label<TAB>value` (table cells), where the label is in
// fields.toml and the value is not empty or a placeholder.
#pragma once

#include "detect/candidate.hpp"
#include "detect/lexicon.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::detect {

/// One labelled value.
struct LabelHit {
    std::size_t line_begin = 0;
    Span value;
    std::string label;     ///< the lexicon label that matched (folded), e.g. "naam"
    LabelMeaning meaning;
};

/// Every labelled value in `text`, in order. A label is the whole text before the colon or tab
/// (bullets and numbering ignored), or starts with a lexicon label that is not exact-only
/// ("Naam moeder"). O(text size).
std::vector<LabelHit> find_label_lines(std::string_view text, const Lexicons& lexicons);

} // namespace pm::detect
