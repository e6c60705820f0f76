// One hash lookup per word of a text: every folded word the detectors care about (lexicon terms,
// the last words of multi-word terms, and the words that announce a pattern, such as "geboren"
// before a birth date) in one open-addressing table, keyed by a hash computed while folding.
#pragma once

#include "detect/lexicon.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pm::detect {

struct WordEntry;

/// A multi-word term that ends with a given word: the entries of the words before it, in order.
struct MultiWordEnding {
    std::uint32_t term = 0;
    std::vector<const WordEntry*> leading;
};

/// What one folded word means to the detectors.
struct WordEntry {
    std::string word;                               ///< folded
    std::uint64_t hash = 0;
    const std::vector<std::uint32_t>* terms = nullptr;  ///< single-word terms, or null
    std::vector<MultiWordEnding> endings;           ///< multi-word terms ending with this word
    std::uint32_t pattern_bits = 0;                 ///< bit k: the word announces PatternKind k
    bool staff_role = false;                        ///< Lexicons::staff_roles
};

/// FNV-1a, one byte at a time (words are short; the fold loop feeds it).
inline constexpr std::uint64_t word_hash_seed = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t word_hash_step(std::uint64_t hash, unsigned char byte)
{
    return (hash ^ byte) * 0x100000001b3ULL;
}
std::uint64_t word_hash(std::string_view folded);

class WordIndex {
public:
    /// Indexes `lexicons` (which must outlive the index) and the pattern words: (folded word,
    /// PatternKind bit) pairs.
    WordIndex(const Lexicons& lexicons, const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words);

    const WordEntry* find(std::string_view folded, std::uint64_t hash) const
    {
        for (std::size_t slot = hash & m_mask;; slot = (slot + 1) & m_mask) {
            const std::uint32_t index = m_slots[slot];
            if (index == 0) {
                return nullptr;
            }
            const WordEntry& entry = m_entries[index - 1];
            if (entry.hash == hash && entry.word == folded) {
                return &entry;
            }
        }
    }

    /// Longest indexed word in bytes: longer words cannot match and are not hashed.
    std::size_t max_word_bytes() const { return m_max_word_bytes; }

private:

    std::vector<WordEntry> m_entries;
    std::vector<std::uint32_t> m_slots;  ///< 1-based indexes into m_entries; 0 = empty
    std::size_t m_mask = 0;
    std::size_t m_max_word_bytes = 0;
};

} // namespace pm::detect
