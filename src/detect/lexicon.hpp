// The detector's lexicons, read from rules/lexicons/: field labels (fields.toml) and one file of
// strong and weak terms per special category (health.toml, criminal.toml, ...).
#pragma once

#include "core/finding.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pm::detect {

/// Hash and equality that let an unordered_map<std::string, ...> be searched with a string_view.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view> {}(text); }
};

/// One lexicon entry of a special category, as written (its word forms are indexed separately).
struct Term {
    std::string display;     ///< as written in the lexicon, braces expanded to the first form
    std::uint32_t category = 0;
    bool strong = false;
};

/// A word form of several words (`bipolaire stoornis`), found through its last word.
struct MultiWordForm {
    std::vector<std::string> words;  ///< folded
    std::uint32_t term = 0;
};

/// What a field label announces: a personal-data field, or a special category.
struct LabelMeaning {
    bool special = false;
    FieldType field = FieldType::other;  ///< when !special
    std::uint32_t category = 0;          ///< when special
    bool exact_only = false;             ///< the whole label, never the head of a longer one
};

/// All lexicons, folded (see fold()) and indexed. Immutable after load_lexicons().
struct Lexicons {
    std::vector<std::string> categories;  ///< class names, from the file names ("health")
    std::vector<Term> terms;
    std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>> single_words;
    std::unordered_map<std::string, std::vector<MultiWordForm>, StringHash, std::equal_to<>> multi_words;
    std::unordered_map<std::string, LabelMeaning, StringHash, std::equal_to<>> labels;
    /// Words naming a colleague or an organisational role (`[staff] roles`): a phone number
    /// written just after one, in the same sentence, is staff's, not a client's.
    std::vector<std::string> staff_roles;
    std::size_t max_label_words = 1;
};

/// Expands `stem{a,b,}` groups (any number, each word) into the word forms they stand for;
/// nullopt with `problem` set for unbalanced braces, empty forms or too many (> 64) forms.
std::optional<std::vector<std::string>> expand_braces(std::string_view pattern, std::string& problem);

/// Reads `dir`/fields.toml and every other `dir`/*.toml as a special-category lexicon named by
/// its file name. Collects every problem as `file:line:col: key.path: problem (fix)`.
std::expected<Lexicons, std::vector<std::string>> load_lexicons(const std::filesystem::path& dir);

} // namespace pm::detect
