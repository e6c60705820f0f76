#include "detect/pattern_windows.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

constexpr std::uint32_t bit(PatternKind kind)
{
    return 1U << static_cast<unsigned>(kind);
}

// Reach of each window around what triggered it, in bytes. Matches longer than this are not
// realistic (the longest IBAN is 34 characters plus spaces; an address line is far below 200).
constexpr std::size_t number_margin = 3;         // "+", "00" or a separator before the digits
constexpr std::size_t iban_reach = 2 + 2 + 30 * 2;
constexpr std::size_t email_local = 64;          // RFC 5321 local part
constexpr std::size_t email_domain = 255;        // RFC 5321 domain
constexpr std::size_t street_reach = 200;        // street name before the house number
constexpr std::size_t town_reach = 80;           // municipality after the postcode
constexpr std::size_t house_number_distance = 48;  // the house number ends this close to the postcode
constexpr std::size_t label_reach = 120;         // birth label ... date; income ... amount
constexpr std::size_t title_before = 12;         // "de   heer"
constexpr std::size_t title_after = 100;         // up to three capitalised names
constexpr std::size_t nationality_reach = 30;    // "Marokkaanse nationaliteit", "nationalité belge"

constexpr bool digit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// The bytes an e-mail address may hold around its '@' (as a table: the extent walks below read
/// one byte per step, around every '@' of the text).
constexpr auto email_chars = [] {
    std::array<bool, 256> table {};
    for (int c = 0; c < 256; ++c) {
        const auto ch = static_cast<char>(c);
        table[static_cast<std::size_t>(c)] = ascii_letter(ch) || digit(ch) || ch == '.' || ch == '_' || ch == '%' || ch == '+' || ch == '-';
    }
    return table;
}();

bool email_char(char c)
{
    return email_chars[static_cast<unsigned char>(c)];
}

/// The characters an address written around the '@' at `at` can span, one more on each side.
Span email_extent(std::string_view text, std::size_t at)
{
    std::size_t begin = at;
    while (begin > 0 && at - begin < email_local && email_char(text[begin - 1])) {
        --begin;
    }
    std::size_t end = at + 1;
    while (end < text.size() && end - at <= email_domain && email_char(text[end])) {
        ++end;
    }
    return { begin > 0 ? begin - 1 : 0, std::min(text.size(), end + 1) };
}

/// From the start of the line holding `at` (at most `reach` back) to the end of the line
/// holding `to` (at most `ahead` on): an address line's street and town stay on their lines.
Span line_extent(std::string_view text, std::size_t at, std::size_t reach, std::size_t to, std::size_t ahead)
{
    // The line break before `at` within reach, and the one after `to` within ahead (memrchr
    // and memchr read many bytes per step).
    const std::size_t back = std::min(at, reach);
    const void* before = memrchr(text.data() + (at - back), '\n', back);
    const std::size_t begin = before == nullptr ? at - back : static_cast<std::size_t>(static_cast<const char*>(before) - text.data()) + 1;
    const std::size_t forward = std::min(text.size() - std::min(to, text.size()), ahead);
    const void* after = to < text.size() ? std::memchr(text.data() + to, '\n', forward) : nullptr;
    const std::size_t end = after == nullptr ? to + forward : static_cast<std::size_t>(static_cast<const char*>(after) - text.data());
    return { begin, end };
}

/// May stand between two digits of one written number ("85.07.30-033.28", "+32 (0)471").
bool number_joiner(char c)
{
    return c == ' ' || c == '.' || c == '/' || c == '-' || c == '(' || c == ')';
}

/// The first position from `at` on that can start something the byte pass looks at: a digit,
/// '@' or the lead byte of '°' (0xC2). Sixteen bytes at a time where SSE2 is available: most of
/// a text is letters and blanks.
std::size_t next_interesting(std::string_view text, std::size_t at)
{
    const auto interesting = [](char c) { return digit(c) || c == '@' || c == '\xC2'; };
#if defined(__SSE2__)
    const __m128i at_sign = _mm_set1_epi8('@');
    const __m128i degree_lead = _mm_set1_epi8('\xC2');
    const __m128i zero = _mm_set1_epi8('0');
    const __m128i nine = _mm_set1_epi8(9);
    while (at + 16 <= text.size()) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const __m128i from_zero = _mm_sub_epi8(bytes, zero);
        const __m128i digits = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, nine), from_zero);  // unsigned <= 9
        const __m128i hits = _mm_or_si128(
            digits, _mm_or_si128(_mm_cmpeq_epi8(bytes, at_sign), _mm_cmpeq_epi8(bytes, degree_lead)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
            return at + static_cast<std::size_t>(std::countr_zero(mask));
        }
        at += 16;
    }
#endif
    while (at < text.size() && !interesting(text[at])) {
        ++at;
    }
    return at;
}

class WindowBuilder {
public:
    explicit WindowBuilder(std::string_view text) : m_text(text) { }

    /// Windows mostly come in text order: each is merged into the last one as it comes when it
    /// starts inside or right after it; one that starts before the last one's start marks its
    /// kind for a sort and merge at the end. Either way the result is the union of the windows,
    /// sorted and merged.
    void add(PatternKind kind, std::size_t begin_back, std::size_t from, std::size_t to, std::size_t end_ahead)
    {
        const std::size_t begin = from > begin_back ? from - begin_back : 0;
        const std::size_t end = std::min(m_text.size(), to + end_ahead);
        const auto k = static_cast<std::size_t>(kind);
        std::vector<Span>& spans = m_windows[k];
        if (!spans.empty() && !m_unsorted[k]) {
            Span& last = spans.back();
            if (begin >= last.begin && begin <= last.end) {
                last.end = std::max(last.end, end);
                return;
            }
            m_unsorted[k] = begin < last.begin;
        }
        spans.push_back({ begin, end });
    }

    Windows finish()
    {
        for (std::size_t k = 0; k < pattern_count; ++k) {
            if (!m_unsorted[k]) {
                continue;
            }
            std::vector<Span>& spans = m_windows[k];
            std::ranges::sort(spans, {}, &Span::begin);
            std::size_t kept = 0;
            for (const Span& span : spans) {
                if (kept > 0 && span.begin <= spans[kept - 1].end) {
                    spans[kept - 1].end = std::max(spans[kept - 1].end, span.end);
                } else {
                    spans[kept++] = span;
                }
            }
            spans.resize(kept);
        }
        return std::move(m_windows);
    }

private:
    std::string_view m_text;
    Windows m_windows;
    std::array<bool, pattern_count> m_unsorted {};
};

/// One written number: digits joined by single separators (or "(0)").
struct Number {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t digits = 0;
};

} // namespace

const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words()
{
    static const std::vector<std::pair<std::string_view, std::uint32_t>> words = [] {
        std::vector<std::pair<std::string_view, std::uint32_t>> out;
        // The label alternatives of the birth_date pattern, word by word ("d.o.b." is "d").
        for (const std::string_view w : { "geboortedatum", "geboren", "geb", "date", "ne", "nee", "dob", "d", "born" }) {
            out.emplace_back(w, bit(PatternKind::birth_date));
        }
        for (const std::string_view w : { "mevrouw", "mevr", "meneer", "mijnheer", "dhr", "heer", "madame", "mme",
                 "monsieur", "mr", "mrs", "ms" }) {
            out.emplace_back(w, bit(PatternKind::honorific_name));
        }
        for (const std::string_view w : { "nationaliteit", "nationalite", "nationality" }) {
            out.emplace_back(w, bit(PatternKind::nationality));
        }
        for (const std::string_view w : { "inkomen", "gezinsinkomen", "loon", "leefloon", "uitkering", "revenu", "income" }) {
            out.emplace_back(w, bit(PatternKind::income));
        }
        return out;
    }();
    return words;
}

Windows pattern_windows(std::string_view text, const std::vector<PatternWord>& words)
{
    WindowBuilder windows(text);
    for (const PatternWord& word : words) {
        const Span s = word.span;
        if ((word.pattern_bits & bit(PatternKind::birth_date)) != 0) {
            windows.add(PatternKind::birth_date, 0, s.begin, s.end, label_reach);
        }
        if ((word.pattern_bits & bit(PatternKind::income)) != 0) {
            windows.add(PatternKind::income, 0, s.begin, s.end, label_reach);
        }
        if ((word.pattern_bits & bit(PatternKind::honorific_name)) != 0) {
            windows.add(PatternKind::honorific_name, title_before, s.begin, s.end, title_after);
        }
        if ((word.pattern_bits & bit(PatternKind::nationality)) != 0) {
            windows.add(PatternKind::nationality, nationality_reach, s.begin, s.end, nationality_reach);
        }
    }

    Number number;
    bool open = false;
    std::size_t last_run_begin = 0;
    std::size_t last_run_end = 0;
    bool any_run = false;
    const auto close = [&] {
        if (!open) {
            return;
        }
        open = false;
        if (number.digits >= 7) {  // the shortest international phone number: country code + 6
            windows.add(PatternKind::phone, number_margin, number.begin, number.end, 1);
        }
        if (number.digits >= 11) {
            windows.add(PatternKind::national_number, number_margin, number.begin, number.end, 1);
        }
        if (number.digits >= 12) {
            windows.add(PatternKind::id_card, number_margin, number.begin, number.end, 1);
        }
    };
    for (std::size_t at = 0; at < text.size(); ++at) {
        at = next_interesting(text, at);
        if (at >= text.size()) {
            break;
        }
        const char c = text[at];
        if (c == '@') {
            const Span extent = email_extent(text, at);
            windows.add(PatternKind::email, 0, extent.begin, extent.end, 0);
            continue;
        }
        if (c == '\xC2' && at + 1 < text.size() && text[at + 1] == '\xB0') {  // '°' (UTF-8)
            windows.add(PatternKind::birth_date, 0, at, at + 2, label_reach);
            continue;
        }
        if (!digit(c)) {
            continue;
        }
        // A run of digits.
        const std::size_t run_begin = at;
        while (at < text.size() && digit(text[at])) {
            ++at;
        }
        const std::size_t run_end = at;
        const std::size_t run_digits = run_end - run_begin;
        // IBAN: two letters, two check digits, at the start of a word.
        if (run_begin >= 2 && ascii_letter(text[run_begin - 1]) && ascii_letter(text[run_begin - 2])
            && (run_begin == 2 || !(ascii_letter(text[run_begin - 3]) || digit(text[run_begin - 3])))) {
            windows.add(PatternKind::iban, 2, run_begin, run_begin, iban_reach);
        }
        // Postcode: four digits, not starting with 0, then blanks and a letter, with a house
        // number shortly before.
        if (run_digits == 4 && text[run_begin] != '0' && any_run && run_begin - last_run_end <= house_number_distance) {
            const std::size_t house_number = last_run_begin;
            std::size_t next = run_end;
            while (next < text.size() && text[next] == ' ') {
                ++next;
            }
            if (next > run_end && next < text.size()
                && (ascii_letter(text[next]) || static_cast<unsigned char>(text[next]) >= 0x80)) {
                const Span extent = line_extent(text, house_number, street_reach, next, town_reach);
                windows.add(PatternKind::address, 0, extent.begin, extent.end, 0);
            }
        }
        // Joined to the previous run by at most two joiners ("-", ". ", " (0)")?
        const bool joined = open && run_begin - number.end <= 2
            && std::all_of(text.begin() + static_cast<std::ptrdiff_t>(number.end),
                text.begin() + static_cast<std::ptrdiff_t>(run_begin), number_joiner);
        if (joined) {
            number.end = run_end;
            number.digits += run_digits;
        } else {
            close();
            number = Number { run_begin, run_end, run_digits };
            open = true;
        }
        last_run_begin = run_begin;
        last_run_end = run_end;
        any_run = true;
        --at;  // the loop's ++at moves onto the byte after the run
    }
    close();
    return windows.finish();
}

} // namespace pm::detect
