// Finding special-category terms word by word.
#include "detect/special_terms.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <deque>

namespace pm::detect {

namespace {

constexpr std::size_t max_gap_bytes = 4;  // between the words of one term

class TermMatcher {
public:
    TermMatcher(const Lexicons& lexicons, std::vector<CategoryHits>& hits)
        : m_lexicons(&lexicons), m_hits(&hits)
    {
    }

    /// One folded word that ended at `end`; `gap_ok` says whether only blanks or one hyphen
    /// separate it from the previous word.
    void word(std::string& folded, bool gap_ok)
    {
        if (const auto found = m_lexicons->single_words.find(std::string_view(folded));
            found != m_lexicons->single_words.end()) {
            for (const std::uint32_t term : found->second) {
                record(term);
            }
        }
        if (!gap_ok) {
            m_previous.clear();
        }
        if (const auto found = m_lexicons->multi_words.find(std::string_view(folded));
            found != m_lexicons->multi_words.end()) {
            for (const MultiWordForm& form : found->second) {
                const std::size_t before = form.words.size() - 1;
                if (m_previous.size() < before) {
                    continue;
                }
                const bool same = std::equal(form.words.begin(), form.words.end() - 1, m_previous.end() - static_cast<std::ptrdiff_t>(before));
                if (same) {
                    record(form.term);
                }
            }
        }
        if (m_lexicons->max_term_words > 1) {
            m_previous.push_back(folded);
            if (m_previous.size() >= m_lexicons->max_term_words) {
                m_previous.pop_front();
            }
        }
    }

private:
    void record(std::uint32_t term_index)
    {
        const Term& term = m_lexicons->terms[term_index];
        auto& list = term.strong ? (*m_hits)[term.category].strong : (*m_hits)[term.category].weak;
        if (std::ranges::find(list, term_index) == list.end()) {
            list.push_back(term_index);
        }
    }

    const Lexicons* m_lexicons;
    std::vector<CategoryHits>* m_hits;
    std::deque<std::string> m_previous;
};

} // namespace

std::vector<CategoryHits> find_terms(std::string_view text, const Lexicons& lexicons)
{
    std::vector<CategoryHits> hits(lexicons.categories.size());
    TermMatcher matcher(lexicons, hits);
    std::string word;
    std::size_t gap = 0;
    bool gap_ok = true;
    bool hyphen_seen = false;
    const auto end_word = [&] {
        if (!word.empty()) {
            matcher.word(word, gap_ok);
            word.clear();
            gap = 0;
            gap_ok = true;
            hyphen_seen = false;
        }
    };
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) {
            // ASCII fast path.
            if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
                word += static_cast<char>(byte);
            } else if (byte >= 'A' && byte <= 'Z') {
                word += static_cast<char>(byte - 'A' + 'a');
            } else {
                end_word();
                ++gap;
                const bool blank = byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
                if (byte == '-' && !hyphen_seen) {
                    hyphen_seen = true;
                } else if (!blank) {
                    gap_ok = false;
                }
                if (gap > max_gap_bytes) {
                    gap_ok = false;
                }
            }
            ++at;
            continue;
        }
        const CodePoint cp = decode_at(text, at);
        if (is_letter(cp.value)) {
            append_folded(word, cp.value);
        } else {
            end_word();
            gap_ok = gap_ok && cp.value == 0xA0 && gap < max_gap_bytes;  // a no-break space joins words
            ++gap;
        }
        at += cp.length;
    }
    end_word();
    return hits;
}

} // namespace pm::detect
