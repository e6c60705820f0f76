// Finding field-label lines.
#include "detect/field_labels.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

constexpr std::size_t max_label_bytes = 60;

/// Values that say there is no value: an empty form field is not personal data.
constexpr std::array<std::string_view, 16> placeholders = {
    "nvt", "n v t", "na", "n a", "geen", "onbekend", "none", "neant", "nihil", "x", "xx", "xxx",
    "idem", "zie hieronder", "zie bijlage", "nog niet gekend",
};

/// The folded words of a piece of text, in buffers reused from line to line (no allocation per
/// line once they have grown).
class FoldedWords {
public:
    /// Reads the words of `text`; stops after limit + 1 words.
    void read(std::string_view text, std::size_t limit)
    {
        m_chars.clear();
        m_words.clear();
        m_first = 0;
        std::size_t word_begin = 0;
        for (std::size_t at = 0; at < text.size();) {
            const auto byte = static_cast<unsigned char>(text[at]);
            // ASCII decodes to itself and its letters fold to lower case. (A longer sequence may
            // decode to an ASCII letter or digit too: an overlong form.)
            const CodePoint cp = byte < 0x80 ? CodePoint { byte, 1 } : decode_at(text, at);
            if (byte < 0x80 && ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z')) {
                m_chars.push_back(static_cast<char>(byte | 0x20));
            } else if (is_letter(cp.value) || (cp.value >= '0' && cp.value <= '9')) {
                append_folded(m_chars, cp.value);
            } else if (m_chars.size() > word_begin) {
                m_words.push_back({ word_begin, m_chars.size() });
                word_begin = m_chars.size();
                if (m_words.size() > limit) {
                    break;
                }
            }
            at += cp.length;
        }
        if (m_words.size() <= limit && m_chars.size() > word_begin) {
            m_words.push_back({ word_begin, m_chars.size() });
        }
        m_base = m_chars.data();
    }

#if defined(__SSE2__)
    /// The same for the first `size` (< 64) bytes of `text`, when the 64 bytes at its start are
    /// readable and those `size` are ASCII: the words are then the runs of ASCII letters and
    /// digits, lower-cased, found sixteen bytes at a time. False (nothing read) otherwise.
    bool read_ascii(const char* text, std::size_t size, std::size_t limit)
    {
        std::uint64_t high = 0;
        std::uint64_t alnum = 0;
        for (std::size_t block = 0; block < 4; ++block) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + 16 * block));
            // Bytes of 0x80 and above are negative: no signed range below holds them.
            const __m128i folded_case = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
            const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded_case, _mm_set1_epi8('a' - 1)),
                _mm_cmplt_epi8(folded_case, _mm_set1_epi8('z' + 1)));
            const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                _mm_cmplt_epi8(bytes, _mm_set1_epi8('9' + 1)));
            const __m128i upper = _mm_and_si128(letter, _mm_cmplt_epi8(bytes, _mm_set1_epi8('Z' + 1)));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(m_lower.data() + 16 * block),
                _mm_or_si128(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
            high |= std::uint64_t { static_cast<unsigned>(_mm_movemask_epi8(bytes)) } << (16 * block);
            alnum |= std::uint64_t { static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit))) } << (16 * block);
        }
        const std::uint64_t in_text = (std::uint64_t { 1 } << size) - 1;
        if ((high & in_text) != 0) {
            return false;
        }
        alnum &= in_text;
        m_words.clear();
        m_first = 0;
        m_base = m_lower.data();
        std::uint64_t starts = alnum & ~(alnum << 1);
        const std::uint64_t lasts = alnum & ~(alnum >> 1);
        while (starts != 0 && m_words.size() <= limit) {
            const auto begin = static_cast<std::size_t>(std::countr_zero(starts));
            const auto last = static_cast<std::size_t>(std::countr_zero(lasts >> begin)) + begin;
            m_words.push_back({ begin, last + 1 });
            starts &= starts - 1;
        }
        return true;
    }
#endif

    std::size_t size() const { return m_words.size() - m_first; }
    bool empty() const { return size() == 0; }
    std::string_view operator[](std::size_t i) const
    {
        const auto [begin, end] = m_words[m_first + i];
        return { m_base + begin, end - begin };
    }
    void drop_first() { ++m_first; }

    /// The first `count` words joined by single spaces, into `out`.
    void join(std::size_t count, std::string& out) const
    {
        out.clear();
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0) {
                out += ' ';
            }
            out += (*this)[i];
        }
    }

private:
    std::string m_chars;
    std::array<char, 64> m_lower {};
    const char* m_base = nullptr;
    std::vector<std::pair<std::size_t, std::size_t>> m_words;  ///< [begin, end) from m_base
    std::size_t m_first = 0;
};

/// The first ':' or tab at or after `from` (text.size() when there is none), and the last '\n'
/// before it and after `from` (npos when there is none). Sixteen bytes at a time where SSE2 is
/// available: most lines hold no separator and are passed over without being looked at one by one.
struct Separator {
    std::size_t at = 0;
    std::size_t newline_before = std::string_view::npos;
};

Separator next_separator(std::string_view text, std::size_t from)
{
    Separator out { from };
    std::size_t& at = out.at;
#if defined(__SSE2__)
    const __m128i colon = _mm_set1_epi8(':');
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i newline = _mm_set1_epi8('\n');
    for (; at + 16 <= text.size(); at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const auto hits = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, colon), _mm_cmpeq_epi8(bytes, tab))));
        auto newlines = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)));
        if (hits != 0) {
            const int hit = std::countr_zero(hits);
            newlines &= (1u << hit) - 1;
            if (newlines != 0) {
                out.newline_before = at + static_cast<std::size_t>(std::bit_width(newlines) - 1);
            }
            at += static_cast<std::size_t>(hit);
            return out;
        }
        if (newlines != 0) {
            out.newline_before = at + static_cast<std::size_t>(std::bit_width(newlines) - 1);
        }
    }
#endif
    for (; at < text.size() && text[at] != ':' && text[at] != '\t'; ++at) {
        if (text[at] == '\n') {
            out.newline_before = at;
        }
    }
    return out;
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/// `value` lies in `text`.
bool meaningful_value(std::string_view text, std::string_view value, FoldedWords& words, std::string& joined)
{
    constexpr std::size_t limit = 8;
#if defined(__SSE2__)
    const auto offset = static_cast<std::size_t>(value.data() - text.data());
    const bool ascii = value.size() < 64 && offset + 64 <= text.size() && words.read_ascii(value.data(), value.size(), limit);
#else
    const bool ascii = false;
#endif
    if (!ascii) {
        words.read(value, limit);
    }
    if (words.empty()) {
        return false;  // only punctuation: "-", "/", "______"
    }
    words.join(words.size(), joined);
    return std::ranges::find(placeholders, joined) == placeholders.end();
}

/// The words of a lexicon key: it was joined with single spaces.
std::vector<std::string> split_key(std::string_view key)
{
    std::vector<std::string> words;
    for (std::size_t at = 0;;) {
        const std::size_t space = key.find(' ', at);
        words.emplace_back(key.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at));
        if (space == std::string_view::npos) {
            return words;
        }
        at = space + 1;
    }
}

} // namespace

std::size_t LabelFinder::hash(std::string_view word)
{
    const auto byte = [&](std::size_t i) { return std::uint64_t { static_cast<unsigned char>(word[i]) }; };
    std::uint64_t h = word.size();
    if (!word.empty()) {
        h = h << 32 | byte(0) << 24 | byte(word.size() / 2) << 16 | byte(word.size() - 1) << 8 | byte(std::min<std::size_t>(word.size() - 1, 1));
    }
    return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ULL) >> 32);
}

LabelFinder::LabelFinder(const Lexicons& lexicons) : m_max_words(lexicons.max_label_words)
{
    std::vector<std::pair<std::string, Label>> labels;
    for (const auto& [key, meaning] : lexicons.labels) {
        std::vector<std::string> words = split_key(key);
        if (std::ranges::any_of(words, &std::string::empty)) {
            continue;  // no line's words join to such a key
        }
        std::string first = std::move(words.front());
        words.erase(words.begin());
        labels.emplace_back(std::move(first), Label { std::move(words), key, meaning });
    }
    m_slots.assign(std::bit_ceil(std::max<std::size_t>(16, 4 * labels.size())), 0);
    const std::size_t mask = m_slots.size() - 1;
    for (auto& [first, label] : labels) {
        std::size_t slot = hash(first) & mask;
        while (m_slots[slot] != 0 && m_groups[m_slots[slot] - 1].first_word != first) {
            slot = (slot + 1) & mask;
        }
        if (m_slots[slot] == 0) {
            m_groups.push_back(Group { first, {} });
            m_slots[slot] = static_cast<std::uint32_t>(m_groups.size());
        }
        m_groups[m_slots[slot] - 1].labels.push_back(std::move(label));
    }
}

const std::vector<LabelFinder::Label>* LabelFinder::starting_with(std::string_view word) const
{
    const std::size_t mask = m_slots.size() - 1;
    // At most a quarter of the slots are taken: a free one ends every probe.
    for (std::size_t slot = hash(word) & mask;; slot = (slot + 1) & mask) {
        if (m_slots[slot] == 0) {
            return nullptr;
        }
        const Group& group = m_groups[m_slots[slot] - 1];
        if (group.first_word == word) {
            return &group.labels;
        }
    }
}

std::vector<LabelHit> LabelFinder::find(std::string_view text) const
{
    std::vector<LabelHit> hits;
    FoldedWords words;
    std::string key;
    const std::size_t word_limit = m_max_words + 4;
    std::size_t at = 0;
    while (at < text.size()) {
        // `at` starts a line. A line's separator is its first ':' or tab, within its first
        // max_label_bytes and not at its start; the lines before the next ':' or tab have none.
        const Separator next = next_separator(text, at);
        const std::size_t stop = next.at;
        if (stop == text.size()) {
            break;
        }
        const std::size_t line_begin = next.newline_before == std::string_view::npos ? at : next.newline_before + 1;
        const std::size_t newline = text.find('\n', stop);
        const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
        at = line_end + 1;
        if (stop == line_begin || stop - line_begin >= max_label_bytes) {
            continue;
        }
        const std::size_t separator = stop - line_begin;  // < max_label_bytes
        const std::string_view line = text.substr(line_begin, line_end - line_begin);

        static_assert(max_label_bytes < 64);
#if defined(__SSE2__)
        const bool ascii = line_begin + 64 <= text.size() && words.read_ascii(line.data(), separator, word_limit);
#else
        const bool ascii = false;
#endif
        if (!ascii) {
            words.read(line.substr(0, separator), word_limit);
        }
        // Numbering ("1.", "a)") before the label.
        while (!words.empty() && (std::ranges::all_of(words[0], [](char c) { return c >= '0' && c <= '9'; })
                                     || (words.size() > 1 && words[0].size() == 1))) {
            words.drop_first();
        }
        if (words.empty() || words.size() > word_limit) {
            continue;
        }
        const std::vector<Label>* labels = starting_with(words[0]);
        if (labels == nullptr) {
            continue;
        }
        // The longest label the words start with (keys are unique: one per word count); an
        // exact-only label only as all the words.
        const Label* found = nullptr;
        for (const Label& label : *labels) {
            const std::size_t count = label.rest.size() + 1;
            if (count > words.size() || count > m_max_words || (found != nullptr && count <= found->rest.size() + 1)
                || (label.meaning.exact_only && count != words.size())) {
                continue;
            }
            bool same = true;
            for (std::size_t i = 1; i < count && same; ++i) {
                same = words[i] == label.rest[i - 1];
            }
            if (same) {
                found = &label;
            }
        }
        if (found == nullptr) {
            continue;
        }
        // The value: the rest of the line, or the next cell of a tab-separated row.
        std::size_t value_begin = separator + 1;
        while (value_begin < line.size() && (is_blank(line[value_begin]) || line[value_begin] == ':')) {
            ++value_begin;
        }
        std::size_t value_end = line.find('\t', value_begin);
        if (value_end == std::string_view::npos) {
            value_end = line.size();
        }
        while (value_end > value_begin && is_blank(line[value_end - 1])) {
            --value_end;
        }
        const std::string_view value = line.substr(value_begin, value_end - value_begin);
        if (!meaningful_value(text, value, words, key)) {
            continue;
        }
        hits.push_back(LabelHit { line_begin, { line_begin + value_begin, line_begin + value_end }, found->key, found->meaning });
    }
    return hits;
}

} // namespace pm::detect
