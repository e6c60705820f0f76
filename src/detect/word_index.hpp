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
#include <utility>
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

/// What a lookup found: the entry (null: the word is not indexed) and whether it means anything
/// by itself (terms, multi-word endings, a staff role, pattern bits) or only as a word of a
/// longer term (then the scanner only remembers it).
struct WordHit {
    const WordEntry* entry = nullptr;
    bool meaningful = false;
};

class WordIndex {
public:
    /// Indexes `lexicons` (which must outlive the index) and the pattern words: (folded word,
    /// PatternKind bit) pairs.
    WordIndex(const Lexicons& lexicons, const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words);

    /// The entry of a folded word with its word_hash (null entry: not indexed).
    WordHit find(std::string_view folded, std::uint64_t hash) const
    {
        const std::uint64_t head = head_of(folded);
        for (std::size_t slot = hash & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot& candidate = m_slots[slot];
            if (candidate.index == 0) {
                return {};
            }
            if (candidate.head == head && candidate.size == folded.size()
                && (folded.size() <= 8 || m_entries[candidate.index - 1].word == folded)) {
                return { &m_entries[candidate.index - 1], candidate.meaningful };
            }
        }
    }

    /// The same for a folded word of 1 to 8 bytes given as one zero-padded chunk in memory order
    /// (as word_hash reads it): compared as a number in the slot, the entry itself untouched.
    WordHit find_short(std::uint64_t chunk, std::size_t size, std::uint64_t hash) const
    {
        for (std::size_t slot = hash & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot& candidate = m_slots[slot];
            if (candidate.index == 0) {
                return {};
            }
            if (candidate.head == chunk && candidate.size == size) {
                return { &m_entries[candidate.index - 1], candidate.meaningful };
            }
        }
    }

    /// Longest indexed word in bytes: longer words cannot match and are not hashed.
    std::size_t max_word_bytes() const { return m_max_word_bytes; }

    /// False when a folded word of `size` bytes whose first 8 bytes (zero-padded, in memory
    /// order) are `head` is certainly not an indexed word that means something by itself (see
    /// WordHit; words that only lead multi-word terms are not in the filter): two bits of one
    /// 64-bit word of a 2 KiB table keyed by head and length, one multiplication away from the
    /// text, so most words are turned away before they are hashed or the entries are touched.
    bool may_contain_head(std::uint64_t head, std::size_t size) const { return head_filter().may_contain(head, size); }

    /// The filter of may_contain_head() as a value: a scan loop keeps its table in a register.
    class HeadFilter {
    public:
        explicit HeadFilter(const std::uint64_t* table) : m_table(table) { }
        bool may_contain(std::uint64_t head, std::size_t size) const
        {
            const std::uint64_t key = filter_key(head, size);
            const std::uint64_t bits = filter_bits_of(key);
            return (m_table[key >> 56U] & bits) == bits;
        }

    private:
        const std::uint64_t* m_table;
    };
    HeadFilter head_filter() const { return HeadFilter(m_filter.data()); }

    bool may_contain(std::string_view folded) const { return may_contain_head(head_of(folded), folded.size()); }

    /// The first 8 bytes of a word, zero-padded, as one number in memory order.
    static std::uint64_t head_of(std::string_view folded)
    {
        std::uint64_t head = 0;
        std::memcpy(&head, folded.data(), folded.size() < 8 ? folded.size() : 8);
        return head;
    }

private:
    static constexpr unsigned filter_words = 256;  // 64-bit words: 2 KiB (the key's top 8 bits)
    static std::uint64_t filter_key(std::uint64_t head, std::size_t size)
    {
        // One multiplication: the length is folded into the head first (heads of different
        // lengths up to 8 differ in their zero bytes anyway).
        return (head ^ size) * 0xBF58476D1CE4E5B9ULL;
    }
    /// The two bits in the filter word: key bits 50-55 and 44-49.
    static std::uint64_t filter_bits_of(std::uint64_t key)
    {
        return std::uint64_t { 1 } << ((key >> 50U) & 63U) | std::uint64_t { 1 } << ((key >> 44U) & 63U);
    }

    std::vector<std::uint64_t> m_filter = std::vector<std::uint64_t>(filter_words);
    std::vector<WordEntry> m_entries;
    /// A slot holds what a lookup compares and whether the entry means anything by itself, so
    /// a probe reads one 16-byte slot and the entries of words like "de" (a word of longer terms
    /// only) are never read: the tables the scan touches stay few cache lines.
    struct Slot {
        std::uint64_t head = 0;    ///< the word's first 8 bytes, zero-padded
        std::uint32_t index = 0;   ///< 1-based into m_entries; 0 = empty
        std::uint16_t size = 0;    ///< the word's length
        bool meaningful = false;   ///< see WordHit
    };
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_max_word_bytes = 0;
};

} // namespace pm::detect
