// One pass over the words of a text, each looked up once in the word index.
#include "detect/special_terms.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

constexpr std::size_t max_gap_bytes = 4;  // between the words of one term
constexpr std::size_t max_remembered = 8;  // previous words kept for multi-word terms
constexpr std::size_t word_slack = 16;     // m_word bytes past the longest word: 16-byte stores, 8-byte loads

class WordScanner {
public:
    WordScanner(const Lexicons& lexicons, const WordIndex& index, WordScan& out)
        : m_lexicons(&lexicons), m_index(&index), m_out(&out), m_remember(lexicons.max_term_words > 1),
          m_max_bytes(index.max_word_bytes()), m_word(m_max_bytes + word_slack, '\0')
    {
    }

    void scan(std::string_view text)
    {
        for (std::size_t at = 0; at < text.size();) {
            const auto byte = static_cast<unsigned char>(text[at]);
            if (byte < 0x80) {
                if (ascii_word_byte(byte)) {
#if defined(__SSE2__)
                    if (at + 16 <= text.size()) {
                        at = add_ascii_block(text, at);
                        continue;
                    }
#endif
                    // A run of ASCII letters and digits in one tight loop.
                    std::size_t end = at;
                    while (end < text.size() && ascii_word_byte(static_cast<unsigned char>(text[end]))) {
                        ++end;
                    }
                    add_ascii(text.substr(at, end - at), at);
                    at = end;
                    continue;
                }
                end_word(at);
                ++m_gap;
                const bool blank = byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
                if (byte == '-' && !m_hyphen_seen) {
                    m_hyphen_seen = true;
                } else if (!blank) {
                    m_gap_ok = false;
                }
                if (m_gap > max_gap_bytes) {
                    m_gap_ok = false;
                }
                ++at;
                continue;
            }
            const CodePoint cp = decode_at(text, at);
            if (is_letter(cp.value)) {
                m_scratch.clear();
                append_folded(m_scratch, cp.value);
                for (const char c : m_scratch) {
                    add(c, at);
                }
            } else {
                end_word(at);
                m_gap_ok = m_gap_ok && cp.value == 0xA0 && m_gap < max_gap_bytes;  // a no-break space joins words
                ++m_gap;
            }
            at += cp.length;
        }
        end_word(text.size());
    }

private:
    static bool ascii_word_byte(unsigned char byte)
    {
        return (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z');
    }

#if defined(__SSE2__)
    /// The ASCII letters and digits from `at` (at + 16 <= text.size()) within 16 bytes, lower-
    /// cased into m_word with one 16-byte store (m_word has the slack); returns where they end.
    std::size_t add_ascii_block(std::string_view text, std::size_t at)
    {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const __m128i case_bit = _mm_set1_epi8(0x20);
        const auto in_range = [](__m128i value, char low, char count) {  // unsigned value - low < count
            const __m128i offset = _mm_sub_epi8(value, _mm_set1_epi8(low));
            return _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(static_cast<char>(count - 1))), offset);
        };
        const __m128i upper = in_range(bytes, 'A', 26);
        const __m128i letter = in_range(_mm_or_si128(bytes, case_bit), 'a', 26);
        const __m128i word = _mm_or_si128(letter, in_range(bytes, '0', 10));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(word));
        const auto run = static_cast<std::size_t>(std::countr_one(mask));  // >= 1: text[at] is a word byte
        if (!m_too_long) {
            if (m_length == 0) {
                m_begin = at;
            }
            if (m_length + run > m_max_bytes) {
                m_too_long = true;
                m_length = 0;
            } else {
                const __m128i lowered = _mm_or_si128(bytes, _mm_and_si128(upper, case_bit));
                _mm_storeu_si128(reinterpret_cast<__m128i*>(m_word.data() + m_length), lowered);
                m_length += run;
            }
        }
        return at + run;
    }
#endif

    void add_ascii(std::string_view run, std::size_t at)
    {
        if (m_too_long) {
            return;
        }
        if (m_length == 0) {
            m_begin = at;
        }
        if (m_length + run.size() > m_max_bytes) {
            m_too_long = true;
            m_length = 0;
            return;
        }
        char* out = m_word.data() + m_length;
        for (const char c : run) {
            *out++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
        m_length += run.size();
    }

    void add(char c, std::size_t at)
    {
        if (m_too_long) {
            return;
        }
        if (m_length == 0) {
            m_begin = at;
        }
        if (m_length >= m_max_bytes) {
            m_too_long = true;  // cannot be in the index; only its length matters now
            m_length = 0;
            return;
        }
        m_word[m_length++] = c;
    }

    void end_word(std::size_t at)
    {
        if (m_length == 0 && !m_too_long) {
            return;
        }
        lookup_word(at);
    }

    /// The word is complete: look it up once (m_word has 8 bytes of slack for the hash's loads).
    [[gnu::noinline]] void lookup_word(std::size_t at)
    {
        const std::string_view word(m_word.data(), m_length);
        const WordEntry* entry = m_too_long || !m_index->may_contain(word)
            ? nullptr
            : m_index->find(word, word_hash_padded(word.data(), word.size()));
        if (!m_gap_ok) {
            m_previous_count = 0;
        }
        if (entry != nullptr) {
            if (entry->terms != nullptr) {
                for (const std::uint32_t term : *entry->terms) {
                    record(term);
                }
            }
            for (const MultiWordEnding& ending : entry->endings) {
                if (previous_match(ending)) {
                    record(ending.term);
                }
            }
            if (entry->staff_role) {
                m_out->staff_words.push_back({ m_begin, at });
            }
            if (entry->pattern_bits != 0) {
                m_out->pattern_words.push_back(PatternWord { { m_begin, at }, entry->pattern_bits });
            }
        }
        if (m_remember) {
            remember(entry);
        }
        m_length = 0;
        m_too_long = false;
        m_gap = 0;
        m_gap_ok = true;
        m_hyphen_seen = false;
    }

    /// The words before this one are the term's leading words.
    bool previous_match(const MultiWordEnding& ending) const
    {
        const std::size_t before = ending.leading.size();
        if (before > m_previous_count || before >= max_remembered) {
            return false;
        }
        for (std::size_t i = 0; i < before; ++i) {
            // leading[before - 1 - i] is the word i+1 places back.
            const WordEntry* previous = m_previous[(m_next + max_remembered - 1 - i) % max_remembered];
            if (previous != ending.leading[before - 1 - i]) {
                return false;
            }
        }
        return true;
    }

    /// Words outside the index are remembered as null: they match no term's word.
    void remember(const WordEntry* word)
    {
        m_previous[m_next] = word;
        m_next = (m_next + 1) % max_remembered;
        m_previous_count = std::min(m_previous_count + 1, max_remembered);
    }

    void record(std::uint32_t term_index)
    {
        const Term& term = m_lexicons->terms[term_index];
        auto& list = term.strong ? m_out->categories[term.category].strong : m_out->categories[term.category].weak;
        if (std::ranges::find(list, term_index) == list.end()) {
            list.push_back(term_index);
        }
    }

    const Lexicons* m_lexicons;
    const WordIndex* m_index;
    WordScan* m_out;
    bool m_remember;
    std::size_t m_max_bytes;
    std::string m_word;  ///< the folded word so far: its first m_length bytes
    std::size_t m_length = 0;
    std::string m_scratch;
    std::size_t m_begin = 0;
    bool m_too_long = false;
    std::size_t m_gap = 0;
    bool m_gap_ok = true;
    bool m_hyphen_seen = false;
    std::array<const WordEntry*, max_remembered> m_previous {};
    std::size_t m_next = 0;
    std::size_t m_previous_count = 0;
};

} // namespace

WordScan scan_words(std::string_view text, const Lexicons& lexicons, const WordIndex& index)
{
    WordScan out;
    out.categories.resize(lexicons.categories.size());
    WordScanner(lexicons, index, out).scan(text);
    return out;
}

} // namespace pm::detect
