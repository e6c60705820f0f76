// One pass over the words of a text, each looked up at most once in the word index.
//
// The pass reads 64 bytes at a time as bit masks and jumps from word to word. A word of ASCII
// bytes only (nearly every word) is tested against the index's filter on its first 8 bytes,
// read straight from the text, and its length; only the few that pass are hashed and looked up,
// in batches. A word with a non-ASCII letter is decoded and folded code point by code point.
// The filter holds only the words that mean something by themselves (terms, the last words of
// multi-word terms, pattern and staff words): when a word ends a multi-word term, the words
// before it and the gaps between them are read back from the text, so the common words that
// only lead such terms ("de", "van", "en") are never looked up.
#include "detect/special_terms.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

constexpr std::size_t max_gap_bytes = 4;   // between the words of one term
constexpr std::size_t max_leading_words = 7;  // words before the last one of a multi-word term (lexicons allow 6 words)
constexpr std::size_t word_slack = 16;     // m_word bytes past the longest word: 16-byte stores, 8-byte loads

bool ascii_word_byte(unsigned char byte)
{
    return (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z');
}

char lower_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

#if defined(__SSE2__)
/// Per byte of `bytes`: 0xFF where it is an ASCII letter or digit.
__m128i ascii_word_bytes(__m128i bytes)
{
    const auto in_range = [](__m128i value, char low, char count) {  // unsigned value - low < count
        const __m128i offset = _mm_sub_epi8(value, _mm_set1_epi8(low));
        return _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(static_cast<char>(count - 1))), offset);
    };
    const __m128i letter = in_range(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'a', 26);
    return _mm_or_si128(letter, in_range(bytes, '0', 10));
}
#endif

/// Whether the characters between two words (text[from, to), none of them a letter or digit)
/// let them be words of one term: at most max_gap_bytes blanks, line breaks, no-break spaces
/// and one hyphen.
bool joining_gap(std::string_view text, std::size_t from, std::size_t to)
{
    if (to - from > max_gap_bytes * 2) {
        return false;  // more than four characters of at most two bytes each
    }
    std::size_t count = 0;
    bool hyphen_seen = false;
    for (std::size_t at = from; at < to;) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) {
            if (byte == '-' && !hyphen_seen) {
                hyphen_seen = true;
            } else if (byte != ' ' && byte != '\t' && byte != '\n' && byte != '\r') {
                return false;
            }
            ++at;
        } else {
            const CodePoint cp = decode_at(text, at);
            if (cp.value != 0xA0) {
                return false;
            }
            at += cp.length;
        }
        if (++count > max_gap_bytes) {
            return false;
        }
    }
    return true;
}

/// 64 bytes of the text from `begin` (fewer at its end) as two bit masks, bit i for byte
/// begin + i: `wordish` where the byte can be part of a word (an ASCII letter or digit, or any
/// non-ASCII byte), `high` where it is non-ASCII.
struct Block {
    static constexpr std::size_t size = 64;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint64_t wordish = 0;
    std::uint64_t high = 0;

    Block() = default;
    Block(std::string_view text, std::size_t from) : begin(from), end(std::min(text.size(), from + size))
    {
        const char* data = text.data() + from;
        const std::size_t length = end - begin;
        __builtin_prefetch(data + 512);
#if defined(__SSE2__)
        if (length == size) {
            for (std::size_t i = 0; i < size; i += 16) {
                const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
                const auto high_bits = static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(bytes)));
                const auto word_bits = static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(ascii_word_bytes(bytes))));
                high |= high_bits << i;
                wordish |= (high_bits | word_bits) << i;
            }
            return;
        }
#endif
        for (std::size_t i = 0; i < length; ++i) {
            const auto byte = static_cast<unsigned char>(data[i]);
            const std::uint64_t bit = std::uint64_t { 1 } << i;
            if (byte >= 0x80) {
                high |= bit;
                wordish |= bit;
            } else if (ascii_word_byte(byte)) {
                wordish |= bit;
            }
        }
    }
};

/// An ASCII word that passed the index's filter: looked up in batches, in text order.
struct Pending {
    std::uint64_t head = 0;    ///< first 8 bytes, lower-cased, zero-padded
    std::size_t begin = 0;
    std::size_t length = 0;
};

/// A word found in the index, as the scanner hands it on.
struct Found {
    std::size_t begin = 0;
    std::size_t end = 0;
    WordHit hit;
};

class WordScanner {
public:
    WordScanner(std::string_view text, const Lexicons& lexicons, const WordIndex& index, WordScan& out)
        : m_text(text), m_lexicons(&lexicons), m_index(&index), m_out(&out),
          m_max_bytes(index.max_word_bytes()), m_word(m_max_bytes + word_slack, '\0')
    {
    }

    void scan()
    {
        const std::string_view text = m_text;
        const WordIndex::HeadFilter filter = m_index->head_filter();
        std::size_t at = 0;  // never inside a run of word bytes
        while (at < text.size()) {
            const Block block(text, at);
            // The runs of word bytes (ASCII letters and digits, non-ASCII bytes) in the block,
            // one by one from their starts; a run's bytes are all the common case reads.
            std::uint64_t starts = block.wordish & ~(block.wordish << 1U);  // `at` starts a run or a gap
            std::size_t next = block.end;  // where the next block starts
            if (block.end - block.begin == Block::size && (block.wordish >> 63U) != 0) {
                // The last run goes on past the block: the next block starts with it; a run
                // longer than a block is read byte by byte.
                const auto last = static_cast<unsigned>(63 - std::countl_zero(starts));
                starts ^= std::uint64_t { 1 } << last;
                if (last > 0) {
                    next = block.begin + last;
                } else {
                    next = run_end(block.begin + Block::size);
                    mixed_run(block.begin, next);
                }
            }
            // The counters live in registers here; the rare calls out see them in the members.
            // Blocks without a non-ASCII byte (nearly all) skip the test for one.
            if (block.high == 0) {
                words_of<false>(block, starts, filter);
            } else {
                words_of<true>(block, starts, filter);
            }
            at = next;
            if (m_pending_count + Block::size / 2 > m_pending.size()) {
                resolve_pending();  // room for the most words a block can hold
            }
        }
        resolve_pending();
    }

private:
    /// The runs of a block that start at the bits of `starts` and end inside it.
    template <bool maybe_high>
    void words_of(const Block& block, std::uint64_t starts, WordIndex::HeadFilter filter)
    {
        const std::string_view text = m_text;
        const std::size_t max_bytes = m_max_bytes;
        std::size_t count = m_pending_count;
        while (starts != 0) {
            const auto start_offset = static_cast<unsigned>(std::countr_zero(starts));
            starts &= starts - 1U;
            // The run ends inside the block (or at the text's end): a gap bit follows it.
            const auto length = static_cast<unsigned>(std::countr_zero(~block.wordish >> start_offset));
            const std::size_t begin = block.begin + start_offset;
            if (maybe_high && ((block.high >> start_offset) & ((std::uint64_t { 1 } << length) - 1U)) != 0) {
                m_pending_count = count;
                mixed_run(begin, begin + length);
                count = m_pending_count;
                continue;
            }
            // An ASCII word: its first 8 bytes read in one load and lower-cased (every byte
            // is a letter or a digit: setting 0x20 lower-cases a letter and leaves a digit),
            // its length and head tested against the index's filter. It is written to the
            // queue either way and the queue advances only when it passed: whether a word is
            // indexed is not predictable, and a mispredicted branch per word cost more than
            // the store.
            if (length > max_bytes) {
                continue;  // cannot be in the index
            }
            const std::uint64_t head = lowered_head(text, begin, length);
            m_pending[count] = Pending { head, begin, length };
            count += filter.may_contain(head, length) ? 1 : 0;
        }
        m_pending_count = count;
    }

    /// The end of a run of word bytes longer than a block (from `at`, which is inside it).
    std::size_t run_end(std::size_t at) const
    {
        while (at < m_text.size()) {
            const auto byte = static_cast<unsigned char>(m_text[at]);
            if (byte < 0x80 && !ascii_word_byte(byte)) {
                break;
            }
            ++at;
        }
        return at;
    }

    /// A run of word bytes with non-ASCII bytes (or longer than a block): its code points are
    /// letters, which make words, or other characters (a no-break space, '’', '€'), which
    /// separate them.
    void mixed_run(std::size_t begin, std::size_t end)
    {
        for (std::size_t at = begin; at < end;) {
            const auto byte = static_cast<unsigned char>(m_text[at]);
            if (byte < 0x80) {
                at = folded_word(at);
                continue;
            }
            const CodePoint cp = decode_at(m_text, at);
            at = is_letter(cp.value) ? folded_word(at) : at + cp.length;
        }
    }

    /// The first (up to) 8 bytes of the ASCII word text[begin, begin + length), lower-cased,
    /// the bytes past the word zero, in memory order (as word_hash reads them).
    static std::uint64_t lowered_head(std::string_view text, std::size_t begin, std::size_t length)
    {
        const std::size_t take = std::min<std::size_t>(8, length);
        std::uint64_t chunk = 0;
        if (text.size() - begin >= 8) {
            std::memcpy(&chunk, text.data() + begin, 8);  // one load; the bytes past the word are masked off
        } else {
            std::memcpy(&chunk, text.data() + begin, take);
        }
        constexpr std::uint64_t case_bits = 0x2020202020202020ULL;
        const std::uint64_t low_bytes = take >= 8 ? ~std::uint64_t { 0 } : (std::uint64_t { 1 } << (8U * take)) - 1U;
        if constexpr (std::endian::native == std::endian::little) {
            return (chunk | case_bits) & low_bytes;
        } else {
            return (chunk | case_bits) & std::byteswap(low_bytes);
        }
    }

    /// Looks up the queued words, in text order.
    void resolve_pending()
    {
        for (std::size_t i = 0; i < m_pending_count; ++i) {
            const Pending& word = m_pending[i];
            WordHit hit;
            if (word.length <= 8) {
                const std::uint64_t hash = word_hash_detail::finish(word_hash_detail::mix(0x243F6A8885A308D3ULL ^ word.length, word.head));
                hit = m_index->find_short(word.head, word.length, hash);
            } else {
                const char* raw = m_text.data() + word.begin;
                for (std::size_t j = 0; j < word.length; ++j) {
                    m_word[j] = lower_ascii(raw[j]);
                }
                hit = m_index->find(std::string_view(m_word.data(), word.length), word_hash_padded(m_word.data(), word.length));
            }
            if (hit.entry != nullptr) {
                finish_word(Found { word.begin, word.begin + word.length, hit });
            }
        }
        m_pending_count = 0;
    }

    /// A word with a non-ASCII letter, from its start: decoded and folded code point by code
    /// point. Returns its end.
    std::size_t folded_word(std::size_t begin)
    {
        const std::string_view text = m_text;
        std::size_t length = 0;
        bool too_long = false;
        std::size_t at = begin;
        while (at < text.size()) {
            const auto byte = static_cast<unsigned char>(text[at]);
            if (byte < 0x80) {
                if (!ascii_word_byte(byte)) {
                    break;
                }
                if (length < m_max_bytes) {
                    m_word[length++] = lower_ascii(static_cast<char>(byte));
                } else {
                    too_long = true;
                }
                ++at;
                continue;
            }
            const CodePoint cp = decode_at(text, at);
            if (!is_letter(cp.value)) {
                break;
            }
            m_scratch.clear();
            append_folded(m_scratch, cp.value);
            if (length + m_scratch.size() <= m_max_bytes) {
                std::copy(m_scratch.begin(), m_scratch.end(), m_word.begin() + static_cast<std::ptrdiff_t>(length));
                length += m_scratch.size();
            } else {
                too_long = true;
            }
            at += cp.length;
        }
        if (!too_long) {
            const std::string_view word(m_word.data(), length);
            if (m_index->may_contain(word)) {
                const WordHit hit = m_index->find(word, word_hash_padded(word.data(), word.size()));
                if (hit.entry != nullptr) {
                    resolve_pending();  // the queued words come first
                    finish_word(Found { begin, at, hit });
                }
            }
        }
        return at;
    }

    /// An indexed word, in text order. Only words that mean something by themselves are looked
    /// up (the index's filter holds no other); one found by a false positive of the filter is
    /// passed over.
    void finish_word(const Found& word)
    {
        if (!word.hit.meaningful) {
            return;
        }
        const WordEntry* entry = word.hit.entry;
        if (entry->terms != nullptr) {
            for (const std::uint32_t term : *entry->terms) {
                record(term);
            }
        }
        for (const MultiWordEnding& ending : entry->endings) {
            if (leading_words_before(ending, word.begin)) {
                record(ending.term);
            }
        }
        if (entry->staff_role) {
            m_out->staff_words.push_back({ word.begin, word.end });
        }
        if (entry->pattern_bits != 0) {
            m_out->pattern_words.push_back(PatternWord { { word.begin, word.end }, entry->pattern_bits });
        }
    }

    /// Whether a letter or digit of a word: ASCII letters and digits, and non-ASCII letters.
    static bool word_code_point(char32_t c)
    {
        return c < 0x80 ? ascii_word_byte(static_cast<unsigned char>(c)) : is_letter(c);
    }

    /// The words just before the one at `begin` are the term's leading words, each joined to the
    /// next by a short gap (joining_gap). Read back from the text, code point by code point as
    /// the forward pass decoded them (previous_start): only words that end a multi-word term
    /// get here, so the common words that lead such terms ("de", "van") are never looked up.
    bool leading_words_before(const MultiWordEnding& ending, std::size_t begin)
    {
        const std::size_t before = ending.leading.size();
        if (before > max_leading_words) {
            return false;
        }
        std::size_t next_begin = begin;
        for (std::size_t i = 0; i < before; ++i) {
            const std::size_t word_end = gap_before(next_begin);
            if (word_end == std::string_view::npos || !joining_gap(m_text, word_end, next_begin)) {
                return false;
            }
            const std::optional<std::size_t> word_begin = word_before(word_end, ending.leading[before - 1 - i]->word);
            if (!word_begin) {
                return false;
            }
            next_begin = *word_begin;
        }
        return true;
    }

    /// The end of the word before the gap that ends at `at` (a word's start): npos when there is
    /// no word before it, or the gap is longer than any joining gap.
    std::size_t gap_before(std::size_t at) const
    {
        std::size_t end = at;
        while (end > 0) {
            const auto byte = static_cast<unsigned char>(m_text[end - 1]);
            std::size_t start = end - 1;
            if (byte < 0x80) {
                if (ascii_word_byte(byte)) {
                    return end;
                }
            } else {
                start = previous_start(m_text, end);
                if (word_code_point(decode_at(m_text, start).value)) {
                    return end;
                }
            }
            if (at - start > max_gap_bytes * 2) {
                return std::string_view::npos;
            }
            end = start;
        }
        return std::string_view::npos;
    }

    /// The start of the word that ends at `end` when it folds to `expected` (as folded_word folds
    /// it), compared from its last code point back, so most other words are told apart at once.
    std::optional<std::size_t> word_before(std::size_t end, std::string_view expected)
    {
        std::size_t at = end;
        std::size_t left = expected.size();  // expected[0, left) is still to be matched
        while (at > 0) {
            const auto byte = static_cast<unsigned char>(m_text[at - 1]);
            if (byte < 0x80) {
                if (!ascii_word_byte(byte)) {
                    break;
                }
                if (left == 0 || expected[left - 1] != lower_ascii(static_cast<char>(byte))) {
                    return std::nullopt;
                }
                --left;
                --at;
                continue;
            }
            const std::size_t start = previous_start(m_text, at);
            const CodePoint cp = decode_at(m_text, start);
            if (!word_code_point(cp.value)) {
                break;
            }
            // Every code point folds to at least one byte.
            m_compare.clear();
            append_folded(m_compare, cp.value);
            if (m_compare.size() > left || expected.substr(left - m_compare.size(), m_compare.size()) != m_compare) {
                return std::nullopt;
            }
            left -= m_compare.size();
            at = start;
        }
        if (left != 0) {
            return std::nullopt;
        }
        return at;
    }

    void record(std::uint32_t term_index)
    {
        const Term& term = m_lexicons->terms[term_index];
        auto& list = term.strong ? m_out->categories[term.category].strong : m_out->categories[term.category].weak;
        if (std::ranges::find(list, term_index) == list.end()) {
            list.push_back(term_index);
        }
    }

    std::string_view m_text;
    const Lexicons* m_lexicons;
    const WordIndex* m_index;
    WordScan* m_out;
    std::size_t m_max_bytes;
    std::string m_word;  ///< the folded word being looked up (with slack for the hash's loads)
    std::string m_scratch;
    std::string m_compare;  ///< a code point read back for a multi-word term, folded
    std::array<Pending, 128> m_pending {};  ///< ASCII words that passed the filter, to be looked up
    std::size_t m_pending_count = 0;
};

} // namespace

WordScan scan_words(std::string_view text, const Lexicons& lexicons, const WordIndex& index)
{
    WordScan out;
    out.categories.resize(lexicons.categories.size());
    WordScanner(text, lexicons, index, out).scan();
    return out;
}

} // namespace pm::detect
