// One hash lookup per word of a text: every folded word the detectors care about (lexicon terms,
// the last words of multi-word terms, and the words that announce a pattern, such as "geboren"
// before a birth date) in one open-addressing table, keyed by a hash computed while folding.
#pragma once

#include "detect/lexicon.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
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
    std::uint64_t head = 0;                         ///< its first 8 bytes, zero-padded (memcpy order)
    std::uint64_t hash = 0;
    const std::vector<std::uint32_t>* terms = nullptr;  ///< single-word terms, or null
    std::vector<MultiWordEnding> endings;           ///< multi-word terms ending with this word
    std::uint32_t pattern_bits = 0;                 ///< bit k: the word announces PatternKind k
    bool staff_role = false;                        ///< Lexicons::staff_roles
};

namespace word_hash_detail {

inline std::uint64_t mix(std::uint64_t hash, std::uint64_t chunk)
{
    constexpr std::uint64_t multiplier = 0x9E3779B97F4A7C15ULL;
    hash = (hash ^ chunk) * multiplier;
    return hash ^ (hash >> 29U);
}

inline std::uint64_t finish(std::uint64_t hash)
{
    hash *= 0xBF58476D1CE4E5B9ULL;
    return hash ^ (hash >> 32U);
}

} // namespace word_hash_detail

/// A multiply-xorshift hash over 8-byte chunks (the last one zero-padded): one or two
/// multiplications for most words.
inline std::uint64_t word_hash(std::string_view folded)
{
    std::uint64_t hash = 0x243F6A8885A308D3ULL ^ folded.size();
    const char* at = folded.data();
    std::size_t left = folded.size();
    while (left > 0) {
        std::uint64_t chunk = 0;
        const std::size_t take = left < 8 ? left : 8;
        std::memcpy(&chunk, at, take);
        hash = word_hash_detail::mix(hash, chunk);
        at += take;
        left -= take;
    }
    return word_hash_detail::finish(hash);
}

/// The same hash for a word of at most 8 bytes given as one zero-padded chunk (its bytes in
/// memory order): one multiplication and the finish.
inline std::uint64_t word_hash_short(std::uint64_t chunk, std::size_t size)
{
    return word_hash_detail::finish(word_hash_detail::mix(0x243F6A8885A308D3ULL ^ size, chunk));
}

/// The same hash for a word in a buffer that may be read up to 7 bytes past its end: whole
/// 8-byte loads, the bytes past the word masked off (no byte-wise copy of the tail, whose
/// store-to-load forwarding stall dominated the word pass).
inline std::uint64_t word_hash_padded(const char* data, std::size_t size)
{
    if constexpr (std::endian::native != std::endian::little) {
        return word_hash(std::string_view(data, size));
    }
    std::uint64_t hash = 0x243F6A8885A308D3ULL ^ size;
    std::size_t left = size;
    for (; left >= 8; left -= 8, data += 8) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, data, 8);
        hash = word_hash_detail::mix(hash, chunk);
    }
    if (left > 0) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, data, 8);
        chunk &= (std::uint64_t { 1 } << (8U * left)) - 1U;
        hash = word_hash_detail::mix(hash, chunk);
    }
    return word_hash_detail::finish(hash);
}

class WordIndex {
public:
    /// Indexes `lexicons` (which must outlive the index) and the pattern words: (folded word,
    /// PatternKind bit) pairs.
    WordIndex(const Lexicons& lexicons, const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words);

    const WordEntry* find(std::string_view folded, std::uint64_t hash) const
    {
        const auto tag = static_cast<std::uint32_t>(hash >> 32U);
        for (std::size_t slot = hash & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot& candidate = m_slots[slot];
            if (candidate.index == 0) {
                return nullptr;
            }
            if (candidate.tag == tag) {
                const WordEntry& entry = m_entries[candidate.index - 1];
                if (entry.word == folded) {
                    return &entry;
                }
            }
        }
    }

    /// The entry of a folded word of 1 to 8 bytes given as a zero-padded chunk in memory order
    /// (see word_hash_short), or null; compares the chunk, never the string.
    const WordEntry* find_short(std::uint64_t chunk, std::size_t size) const
    {
        const std::uint64_t hash = word_hash_short(chunk, size);
        const auto tag = static_cast<std::uint32_t>(hash >> 32U);
        for (std::size_t slot = hash & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot& candidate = m_slots[slot];
            if (candidate.index == 0) {
                return nullptr;
            }
            if (candidate.tag == tag) {
                const WordEntry& entry = m_entries[candidate.index - 1];
                if (entry.head == chunk && entry.word.size() == size) {
                    return &entry;
                }
            }
        }
    }

    /// Longest indexed word in bytes: longer words cannot match and are not hashed.
    std::size_t max_word_bytes() const { return m_max_word_bytes; }

    /// False when no indexed word has the first two bytes, last byte and length of `folded`
    /// (not empty): most words of a text are turned away by one load from an 8 KiB bit table,
    /// without hashing the word.
    bool may_contain(std::string_view folded) const
    {
        return may_contain(folded[0], folded.size() > 1 ? folded[1] : '\0', folded.back(), folded.size());
    }

    /// The same from the parts the filter looks at: the first, second ('\0' for a one-byte
    /// word) and last byte of the folded word, and its length.
    bool may_contain(char first, char second, char last, std::size_t size) const
    {
        const std::uint32_t slot = filter_slot(first, second, last, size);
        return (m_filter[slot / 64] >> (slot % 64) & 1U) != 0;
    }

private:
    static std::uint32_t filter_slot(char first, char second, char last, std::size_t size)
    {
        const auto byte = [](char c) { return static_cast<std::uint32_t>(static_cast<unsigned char>(c)); };
        const std::uint32_t key = byte(first) | byte(second) << 8U | byte(last) << 16U
            | static_cast<std::uint32_t>(size < 255 ? size : 255) << 24U;
        return (key * 0x9E3779B1U) >> (32U - filter_bits);
    }
    static constexpr unsigned filter_bits = 16;

    std::vector<std::uint64_t> m_filter = std::vector<std::uint64_t>((std::size_t { 1 } << filter_bits) / 64);
    std::vector<WordEntry> m_entries;
    /// A slot holds the high half of the word's hash, so most probes never touch an entry.
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t index = 0;  ///< 1-based into m_entries; 0 = empty
    };
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_max_word_bytes = 0;
};

} // namespace pm::detect
