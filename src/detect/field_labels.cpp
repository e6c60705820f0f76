// Finding field-label lines.
#include "detect/field_labels.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <bit>

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

/// The folded words of a piece of text, in one buffer reused from line to line (no allocation
/// per line once it has grown).
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
            const CodePoint cp = decode_at(text, at);
            if (is_letter(cp.value) || (cp.value >= '0' && cp.value <= '9')) {
                append_folded(m_chars, cp.value);
            } else if (m_chars.size() > word_begin) {
                m_words.push_back({ word_begin, m_chars.size() });
                word_begin = m_chars.size();
                if (m_words.size() > limit) {
                    return;
                }
            }
            at += cp.length;
        }
        if (m_chars.size() > word_begin) {
            m_words.push_back({ word_begin, m_chars.size() });
        }
    }

    std::size_t size() const { return m_words.size() - m_first; }
    bool empty() const { return size() == 0; }
    std::string_view operator[](std::size_t i) const
    {
        const auto [begin, end] = m_words[m_first + i];
        return std::string_view(m_chars).substr(begin, end - begin);
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
    std::vector<std::pair<std::size_t, std::size_t>> m_words;  ///< [begin, end) in m_chars
    std::size_t m_first = 0;
};

/// The first ':', tab or newline in text[from, from + reach), or npos when there is none. Sixteen bytes at a time where SSE2 is available.
std::size_t first_separator_or_newline(std::string_view text, std::size_t from, std::size_t reach)
{
    const std::size_t limit = std::min(text.size(), from + reach);
    std::size_t at = from;
#if defined(__SSE2__)
    const __m128i colon = _mm_set1_epi8(':');
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i newline = _mm_set1_epi8('\n');
    for (; at + 16 <= text.size() && at < limit; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, colon),
            _mm_or_si128(_mm_cmpeq_epi8(bytes, tab), _mm_cmpeq_epi8(bytes, newline)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
            const std::size_t hit = at + static_cast<std::size_t>(std::countr_zero(mask));
            return hit < limit ? hit : std::string_view::npos;
        }
    }
#endif
    for (; at < limit; ++at) {
        if (text[at] == ':' || text[at] == '\t' || text[at] == '\n') {
            return at;
        }
    }
    return std::string_view::npos;
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

bool meaningful_value(std::string_view value, FoldedWords& words, std::string& joined)
{
    words.read(value, 8);
    if (words.empty()) {
        return false;  // only punctuation: "-", "/", "______"
    }
    words.join(words.size(), joined);
    return std::ranges::find(placeholders, joined) == placeholders.end();
}

} // namespace

std::vector<LabelHit> find_label_lines(std::string_view text, const Lexicons& lexicons)
{
    std::vector<LabelHit> hits;
    FoldedWords words;
    std::string key;
    std::size_t at = 0;
    while (at < text.size()) {
        // The separator is the first ':' or tab in the line's first max_label_bytes; a line
        // without one is skipped without looking for its end first when the end is in reach.
        const std::size_t line_begin = at;
        const std::size_t stop = first_separator_or_newline(text, at, max_label_bytes);
        if (stop == std::string_view::npos || text[stop] == '\n' || stop == line_begin) {
            const std::size_t newline = stop != std::string_view::npos && text[stop] == '\n'
                ? stop
                : text.find('\n', stop == std::string_view::npos ? std::min(text.size(), at + max_label_bytes) : stop);
            at = newline == std::string_view::npos ? text.size() : newline + 1;
            continue;
        }
        const std::size_t separator = stop - line_begin;
        const std::size_t newline = text.find('\n', stop);
        const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
        const std::string_view line = text.substr(line_begin, line_end - line_begin);
        at = line_end + 1;

        words.read(line.substr(0, separator), lexicons.max_label_words + 4);
        // Numbering ("1.", "a)") before the label.
        while (!words.empty() && (std::ranges::all_of(words[0], [](char c) { return c >= '0' && c <= '9'; })
                                     || (words.size() > 1 && words[0].size() == 1))) {
            words.drop_first();
        }
        if (words.empty() || words.size() > lexicons.max_label_words + 4) {
            continue;
        }
        const LabelMeaning* meaning = nullptr;
        std::string label;
        for (std::size_t count = std::min(words.size(), lexicons.max_label_words); count > 0; --count) {
            words.join(count, key);
            const auto found = lexicons.labels.find(key);
            if (found != lexicons.labels.end() && (count == words.size() || !found->second.exact_only)) {
                meaning = &found->second;
                label = key;
                break;
            }
        }
        if (meaning == nullptr) {
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
        if (!meaningful_value(value, words, key)) {
            continue;
        }
        hits.push_back(LabelHit { line_begin, { line_begin + value_begin, line_begin + value_end }, label, *meaning });
    }
    return hits;
}

} // namespace pm::detect
