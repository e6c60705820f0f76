// Field-label lines: `Label: value` or `Label<TAB>value` (table cells), where the label is in
// fields.toml and the value is not empty or a placeholder.
#pragma once

#include "detect/candidate.hpp"
#include "detect/lexicon.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pm::detect {

/// One labelled value.
struct LabelHit {
    std::size_t line_begin = 0;
    Span value;
    /// The lexicon label that matched (folded), e.g. "naam": a view of the key in
    /// Lexicons::labels, valid as long as the Lexicons the finder was built from.
    std::string_view label;
    LabelMeaning meaning;
};

/// The labels of a Lexicons indexed by their first word, so a line whose first word starts no
/// label is passed over without building or hashing label keys. Immutable after construction.
class LabelFinder {
public:
    /// Keeps views of the keys of `lexicons.labels`: the Lexicons must outlive the finder and
    /// the hits it gives.
    explicit LabelFinder(const Lexicons& lexicons);

    /// Every labelled value in `text`, in order. A label is the whole text before the colon or
    /// tab (bullets and numbering ignored), or starts with a lexicon label that is not exact-only
    /// ("Naam moeder"). O(text size).
    std::vector<LabelHit> find(std::string_view text) const;

    /// One label: its words after the first, its key in Lexicons::labels and what it announces.
    struct Label {
        std::vector<std::string> rest;
        std::string_view key;
        LabelMeaning meaning;
    };

    /// The labels that start with `word`, or nullptr.
    const std::vector<Label>* starting_with(std::string_view word) const;

private:
    /// A cheap hash of a word: its length and four of its bytes.
    static std::size_t hash(std::string_view word);

    struct Group {
        std::string first_word;
        std::vector<Label> labels;
    };
    std::size_t m_max_words = 1;
    std::vector<Group> m_groups;
    /// Open addressing by hash(), linear probing: an index into m_groups plus one, 0 when free.
    std::vector<std::uint32_t> m_slots;
};

} // namespace pm::detect
