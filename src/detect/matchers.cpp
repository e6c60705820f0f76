// Hand-written matchers equivalent to RE2 patterns of patterns.cpp.
//
// What they must reproduce (RE2 20220601, re2.cc RE2::Match and dfa.cc): the search runs over
// text[position, end) with the whole text as *context*: a match consumes only bytes inside the
// range, but the empty-width assertions (`\b` and `^` here) look at the bytes on either side even
// when those lie outside it (text[position - 1], text[end]); only the real ends of `text` count as
// "no byte" (so `^` never holds at a position > 0, whatever the range). `\b` is an ASCII word
// boundary: [0-9A-Za-z_] on exactly one side, whatever the other bytes. RE2's default semantics are leftmost-first: the match with the smallest start wins, and among the matches at
// that start the one a Perl-style backtracking matcher meets first (greedy quantifiers try more
// before fewer, alternatives and optional parts are tried left to right / present first).
//
// Each matcher below walks the start positions left to right and, per start, enumerates the
// pattern's choices in that backtracking order; the comments at each step say why a choice is
// forced or in which order the alternatives are tried. The honorific and birth-date matchers
// are written in continuation-passing style instead: each element of the expression is a
// function that tries its choices in Perl's order and calls the rest of the expression (the
// continuation) after each, stopping at the first success, which is backtracking itself, element
// for element. Those two, the address, nationality and income matchers use Unicode classes and
// case folding: they decide ranges whose non-ASCII bytes all encode code points of a small known
// set (Latin-1 Supplement, ’ and €; see "The code points ... know" below) and leave any other
// range to RE2. The differential fuzzer (tests/fuzz/fuzz_matchers.cpp) compares all of them with
// RE2 on arbitrary bytes and ranges.
//
// Shortcuts that keep the result (each argued where it is made):
// - Start positions that cannot begin a match are skipped, never reordered: the title, birth-date
//   and income matchers visit only the bytes their words can start with, and the address matcher
//   only the digits a house number can start with (Positions, sixteen bytes at a time). Every
//   skipped position fails at its first byte in the full attempt too, so the first success in
//   text order is the same.
// - Among a list of words (titles, street suffixes, French street words, box words) only those
//   whose first (for suffixes: last) letter is the text's are compared, in the list's order; the
//   others fail on that letter.
// - The decided-set check (decided_part) jumps from one byte above 0x7F to the next.
#include "detect/matchers.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

using namespace std::string_view_literals;

namespace {

enum : std::uint8_t {
    word = 1,        // [0-9A-Za-z_]: \b
    digit = 2,       // [0-9]
    alnum = 4,       // [A-Za-z0-9]
    letter = 8,      // [A-Za-z]
    local_end = 16,  // [A-Za-z0-9_%+\-]: first and last character of a local part
    local = 32,      // [A-Za-z0-9._%+\-]: inside a local part
    label = 64,      // [A-Za-z0-9\-]: inside a domain label
    joiner = 128,    // [ ./\-]: between two digits of a phone number
};

constexpr std::array<std::uint8_t, 256> classes = [] {
    std::array<std::uint8_t, 256> table {};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t bits = 0;
        const bool is_digit = c >= '0' && c <= '9';
        const bool is_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (is_digit || is_letter || c == '_') {
            bits |= word;
        }
        if (is_digit) {
            bits |= digit;
        }
        if (is_digit || is_letter) {
            bits |= alnum | label | local | local_end;
        }
        if (is_letter) {
            bits |= letter;
        }
        if (c == '_' || c == '%' || c == '+' || c == '-') {
            bits |= local | local_end;
        }
        if (c == '.') {
            bits |= local;
        }
        if (c == '-') {
            bits |= label;
        }
        if (c == ' ' || c == '.' || c == '/' || c == '-') {
            bits |= joiner;
        }
        table[static_cast<std::size_t>(c)] = bits;
    }
    return table;
}();

bool has(char c, std::uint8_t bits)
{
    return (classes[static_cast<unsigned char>(c)] & bits) != 0;
}

/// Whether text[at] (or the end of the whole text) is not a word character: the `\b` after a
/// match that ends with a word character.
bool word_ends_at(std::string_view text, std::size_t at)
{
    return at >= text.size() || !has(text[at], word);
}

/// `\b` at `at` < text.size(), with text[at - 1] as context.
bool boundary_at(std::string_view text, std::size_t at)
{
    const bool before = at > 0 && has(text[at - 1], word);
    return before != has(text[at], word);
}

// ---------------------------------------------------------------------------------------------
// E-mail:
//   \b( [A-Za-z0-9_%+\-] (?:[A-Za-z0-9._%+\-]* [A-Za-z0-9_%+\-])? @
//       LABEL (?:\.LABEL)* \.[A-Za-z]{2,24} )\b
//   LABEL = [A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?
//
// Local part. '@' is not in the local class, so whatever the quantifiers try, the '@' the local
// part is followed by is the first byte after the run of local characters that starts at the
// start: the run must end (inside the range) on an '@', and the optional group either is absent
// (the '@' right after the first character) or ends on a local_end character just before the
// '@'. For every start inside one run the '@' is the same byte, and so is everything after it.
//
// Domain. '.' is not a label character, and every LABEL is followed by '.' (either the next
// repetition or the final `\.` of the top-level domain), so a LABEL always consumes a whole
// dot-separated segment (a shorter LABEL would be followed by a label character): each segment
// before the top-level domain must be a valid label (starts and ends alphanumeric) followed by a
// '.'. The greedy star tries the most repetitions first and gives them back one at a time, so
// the top-level domain is tried on segment K+1, K, ..., 1 where K is the longest run of valid
// labels each followed by a dot. `[A-Za-z]{2,24}` tries its longest length first; the `\b` after
// it (its last byte is a letter) needs a non-word byte or the end of the text next.
// ---------------------------------------------------------------------------------------------

/// The end of the domain that starts at `at` (just after the '@'), or nullopt.
std::optional<std::size_t> email_domain(std::string_view text, std::size_t at, std::size_t end)
{
    // Walk the valid labels each followed by a dot; `segment` ends on the start of segment K+1.
    std::size_t segment = at;
    while (true) {
        std::size_t stop = segment;
        while (stop < end && has(text[stop], label)) {
            ++stop;
        }
        const bool valid = stop > segment && has(text[segment], alnum) && has(text[stop - 1], alnum);
        if (!valid || stop >= end || text[stop] != '.') {
            break;
        }
        segment = stop + 1;
    }
    // The top-level domain on segment K+1, K, ..., 1: the segment starts are the bytes after the
    // dots in [at, segment), since labels hold no dots.
    for (std::size_t start = segment; start > at; --start) {
        if (text[start - 1] != '.') {
            continue;
        }
        std::size_t letters = 0;
        while (letters < 24 && start + letters < end && has(text[start + letters], letter)) {
            ++letters;
        }
        for (std::size_t length = letters; length >= 2; --length) {
            if (word_ends_at(text, start + length)) {
                return start + length;
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Span> match_email(std::string_view text, std::size_t position, std::size_t end)
{
    std::size_t start = position;
    while (start < end) {
        if (!has(text[start], local_end) || !boundary_at(text, start)) {
            ++start;
            continue;
        }
        std::size_t at_sign = start;
        while (at_sign < end && has(text[at_sign], local)) {
            ++at_sign;
        }
        if (at_sign >= end) {
            return std::nullopt;  // every later start runs into the same end
        }
        // No start inside [start, at_sign) can do better (same '@', same domain); at_sign itself
        // is not a local character.
        const bool local_ok = at_sign == start + 1 || (at_sign > start + 1 && has(text[at_sign - 1], local_end));
        if (text[at_sign] == '@' && local_ok) {
            if (const auto domain_end = email_domain(text, at_sign + 1, end)) {
                return Span { start, *domain_end };
            }
        }
        start = at_sign + 1;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Phone:
//   ( (?:\+|\b00)[1-9]\d{0,2}(?:[ ./\-]?\(0\))?(?:[ ./\-]?\d){6,13}   -- international
//   | \b0[1-9](?:[ ./\-]?\d){7,8} )\b                                  -- national
//
// At one start at most one alternative can begin: '+', "00" or '0' followed by [1-9].
// `(?:[ ./\-]?\d)`: a joiner is not a digit, so at each repetition exactly one of "joiner and
// digit" / "digit" can match: the repetitions from a given byte form one fixed sequence of end
// positions and the greedy count tries its longest prefix first, then shorter ones down to the
// minimum. Likewise `[ ./\-]?\(0\)` matches in at most one way, and `(?:...)?` tries it present
// first. `\d{0,2}` tries two digits, then one, then none. The final `\b` follows a digit.
// ---------------------------------------------------------------------------------------------

namespace {

/// The ends of up to `most` repetitions of `(?:[ ./\-]?\d)` from `at`; returns how many.
std::size_t digit_repetitions(std::string_view text, std::size_t at, std::size_t end, std::size_t most, std::size_t* ends)
{
    std::size_t count = 0;
    while (count < most) {
        if (at < end && has(text[at], joiner) && at + 1 < end && has(text[at + 1], digit)) {
            at += 2;
        } else if (at < end && has(text[at], digit)) {
            at += 1;
        } else {
            break;
        }
        ends[count++] = at;
    }
    return count;
}

/// The longest prefix of at least `least` repetitions (of at most `most`) that a `\b` may follow.
std::optional<std::size_t> digits_then_boundary(
    std::string_view text, std::size_t at, std::size_t end, std::size_t least, std::size_t most)
{
    std::array<std::size_t, 13> ends {};
    const std::size_t count = digit_repetitions(text, at, end, most, ends.data());
    for (std::size_t n = count; n >= least && n > 0; --n) {
        if (word_ends_at(text, ends[n - 1])) {
            return ends[n - 1];
        }
    }
    return std::nullopt;
}

/// International form from `at`, just after '+' or "00".
std::optional<std::size_t> international(std::string_view text, std::size_t at, std::size_t end)
{
    if (at >= end || !has(text[at], digit) || text[at] == '0') {
        return std::nullopt;
    }
    const std::size_t after_first = at + 1;
    std::size_t more = 0;
    while (more < 2 && after_first + more < end && has(text[after_first + more], digit)) {
        ++more;
    }
    for (std::size_t taken = more + 1; taken-- > 0;) {
        const std::size_t code_end = after_first + taken;
        // "(0)", optionally after one joiner; present first.
        std::size_t trunk = 0;
        const auto trunk_at = [&](std::size_t from) {
            return from + 3 <= end && text[from] == '(' && text[from + 1] == '0' && text[from + 2] == ')';
        };
        if (code_end < end && has(text[code_end], joiner) && trunk_at(code_end + 1)) {
            trunk = code_end + 4;
        } else if (trunk_at(code_end)) {
            trunk = code_end + 3;
        }
        if (trunk != 0) {
            if (const auto found = digits_then_boundary(text, trunk, end, 6, 13)) {
                return found;
            }
        }
        if (const auto found = digits_then_boundary(text, code_end, end, 6, 13)) {
            return found;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Span> match_phone(std::string_view text, std::size_t position, std::size_t end)
{
    for (std::size_t start = position; start < end; ++start) {
        const char c = text[start];
        if (c == '+') {
            if (const auto found = international(text, start + 1, end)) {
                return Span { start, *found };
            }
            continue;
        }
        if (c != '0' || (start > 0 && has(text[start - 1], word)) || start + 1 >= end) {
            continue;  // `\b` before the '0' needs a non-word byte (or nothing) before it
        }
        if (text[start + 1] == '0') {
            if (const auto found = international(text, start + 2, end)) {
                return Span { start, *found };
            }
        } else if (has(text[start + 1], digit)) {
            if (const auto found = digits_then_boundary(text, start + 2, end, 7, 8)) {
                return Span { start, *found };
            }
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// National number, identity card, IBAN:
//   \b(\d{2}[. /]?\d{2}[. /]?\d{2}[. /-]?\d{3}[. -]?\d{2})\b
//   \b(\d{3}[- ]\d{7}[- ]\d{2})\b
//   \b([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30})
// ASCII expressions: a byte above 0x7F matches nothing and is no word character, so every range
// is decided. No separator is a digit, and each optional separator is followed by a digit: it is
// taken exactly when the next byte is one (without it, that byte would have to be a digit), so
// from a start there is one path. The `\b` before a start (a digit or a letter) needs a non-word
// byte, or nothing, before it, also outside the range. The IBAN's repetitions form one fixed
// sequence (as the phone's digits), and nothing follows them: the greedy count takes as many as
// there are, up to 30, and needs 11.
// ---------------------------------------------------------------------------------------------

namespace {

/// Walks one fixed path: runs of digits and separators from a set, inside the range.
struct Path {
    std::string_view text;
    std::size_t end;
    std::size_t at;

    bool digits(std::size_t count)
    {
        for (std::size_t i = 0; i < count; ++i, ++at) {
            if (at >= end || !has(text[at], digit)) {
                return false;
            }
        }
        return true;
    }

    /// `[set]?` before a digit: taken when the next byte is in the set.
    void optional_separator(std::string_view set)
    {
        if (at < end && set.find(text[at]) != std::string_view::npos) {
            ++at;
        }
    }

    bool separator(std::string_view set)
    {
        if (at < end && set.find(text[at]) != std::string_view::npos) {
            ++at;
            return true;
        }
        return false;
    }
};

/// A `\b` before text[start], which is a word character.
bool starts_word(std::string_view text, std::size_t start)
{
    return start == 0 || !has(text[start - 1], word);
}

} // namespace

std::optional<Span> match_national_number(std::string_view text, std::size_t position, std::size_t end)
{
    for (std::size_t start = position; start < end; ++start) {
        if (!has(text[start], digit) || !starts_word(text, start)) {
            continue;
        }
        Path path { text, end, start };
        const bool found = path.digits(2) && (path.optional_separator(". /"), path.digits(2))
            && (path.optional_separator(". /"), path.digits(2)) && (path.optional_separator(". /-"), path.digits(3))
            && (path.optional_separator(". -"), path.digits(2)) && word_ends_at(text, path.at);
        if (found) {
            return Span { start, path.at };
        }
    }
    return std::nullopt;
}

std::optional<Span> match_id_card(std::string_view text, std::size_t position, std::size_t end)
{
    for (std::size_t start = position; start < end; ++start) {
        if (!has(text[start], digit) || !starts_word(text, start)) {
            continue;
        }
        Path path { text, end, start };
        if (path.digits(3) && path.separator("- ") && path.digits(7) && path.separator("- ") && path.digits(2)
            && word_ends_at(text, path.at)) {
            return Span { start, path.at };
        }
    }
    return std::nullopt;
}

std::optional<Span> match_iban(std::string_view text, std::size_t position, std::size_t end)
{
    for (std::size_t start = position; start + 4 <= end; ++start) {
        if (!has(text[start], letter) || !starts_word(text, start) || !has(text[start + 1], letter)
            || !has(text[start + 2], digit) || !has(text[start + 3], digit)) {
            continue;
        }
        std::size_t at = start + 4;
        std::size_t count = 0;
        while (count < 30) {
            if (at + 1 < end && text[at] == ' ' && has(text[at + 1], alnum)) {
                at += 2;
            } else if (at < end && has(text[at], alnum)) {
                at += 1;
            } else {
                break;
            }
            ++count;
        }
        if (count >= 11) {
            return Span { start, at };
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The code points the title, birth-date, address, nationality and income matchers know.
//
// Their expressions use Unicode classes (\p{L}, \p{Lu}, \p{Ll}, \p{N}), classes that take any
// code point but a few ([^\d\n], [^.\n], [^\p{L}\p{N}'’\-]), non-ASCII literals (°, ’, €, the
// é, è and î of French words) and case folding. RE2 matches code points of UTF-8 text: a class
// consumes a whole 2- or 3-byte sequence and a counted repetition counts code points. These
// matchers decide a range only when every byte above 0x7F in it belongs to a well-formed
// encoding of a code point of
//   U+00A0..U+00FF (Latin-1 Supplement), U+2019 (’), U+20AC (€)
// and leave every other range to RE2 (Outcome::undecided): other code points, and invalid,
// overlong or truncated sequences (which RE2 reads loosely: an overlong E0 80 80 is taken by
// [^\d\n], a stray continuation byte by nothing). On that set RE2 20220601 has (checked against
// RE2 itself, one code point at a time; tests/unit/detect_matchers_test.cpp keeps checking):
//   \p{L}  = [A-Za-z] ª µ º À-Ö Ø-ö ø-ÿ   (× U+00D7 and ÷ U+00F7 are no letters; (?i) keeps it)
//   \p{Lu} = [A-Z] À-Ö Ø-Þ                 (used outside (?i) only)
//   \p{Ll} = [a-z] µ ß-ö ø-ÿ               (ª and º are Lo; used outside (?i) only)
//   \p{N}  = [0-9] ² ³ ¹ ¼ ½ ¾             (\d is [0-9] only)
//   (?i) relates an ASCII letter to nothing but its other case inside the set (k also matches
//   U+212A KELVIN SIGN and s U+017F LONG S, both outside it), é to É, è to È, î to Î; °, ’
//   and € have no case.
//   \b is ASCII: [0-9A-Za-z_] on exactly one side; every byte above 0x7F is a non-word byte, so
//   \b holds between 'a' and 'é' and not between ' ' and 'é'.
// Inside a decided range every position the matchers reach is a code-point boundary (the range
// starts on one, ASCII bytes are boundaries, and every step consumes whole code points), so
// char_at() and start_before() decode without checks.
// ---------------------------------------------------------------------------------------------

namespace {

char fold_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Sixteen bytes at a time. The matchers below look for a few kinds of bytes (a title's first
// letter, a house number's first digit, a byte above 0x7F) far more often than they find one:
// block_bits() tests up to sixteen bytes with one SSE2 comparison, and Positions visits only the
// bytes it reports, in text order. Each test is written twice, for one byte and for a vector; the
// byte form also serves ranges in texts shorter than sixteen bytes (every short fuzz input and
// unit test), so both are exercised.

/// A byte above 0x7F.
struct HighByte {
    static bool byte(char c) { return static_cast<unsigned char>(c) >= 0x80; }
#if defined(__SSE2__)
    static __m128i block(__m128i bytes) { return bytes; }  // the high bit is the test
#endif
};

/// [1-9].
struct NonZeroDigit {
    static bool byte(char c) { return c >= '1' && c <= '9'; }
#if defined(__SSE2__)
    // Signed comparisons: a byte above 0x7F is negative, below '1'.
    static __m128i block(__m128i bytes)
    {
        return _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0')), _mm_cmplt_epi8(bytes, _mm_set1_epi8(':')));
    }
#endif
};

/// One of `Bytes`, a lower-case ASCII letter among them in either case (c | 0x20 is that letter
/// exactly for the letter and its capital).
template <char... Bytes>
struct AnyOf {
    static constexpr bool lower_letter(char b) { return b >= 'a' && b <= 'z'; }
    static bool byte(char c)
    {
        const char folded = static_cast<char>(c | 0x20);
        return ((lower_letter(Bytes) ? folded == Bytes : c == Bytes) || ...);
    }
#if defined(__SSE2__)
    static __m128i block(__m128i bytes)
    {
        const __m128i folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        __m128i hits = _mm_setzero_si128();
        ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(lower_letter(Bytes) ? folded : bytes, _mm_set1_epi8(Bytes)))), ...);
        return hits;
    }
#endif
};

/// Bit i set for each i < min(16, end - at) whose byte text[at + i] passes `Test` (at < end).
template <typename Test>
std::uint32_t block_bits(std::string_view text, std::size_t at, std::size_t end)
{
    const std::size_t left = std::min<std::size_t>(end - at, 16);
#if defined(__SSE2__)
    if (end >= 16) {
        // Sixteen bytes inside the text that end at or after at + left: from `at`, or the last
        // sixteen of the range, whose bits for the bytes before `at` are shifted out.
        const std::size_t from = left == 16 ? at : end - 16;
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
        return static_cast<std::uint32_t>(_mm_movemask_epi8(Test::block(bytes))) >> (at - from);
    }
#endif
    std::uint32_t bits = 0;
    for (std::size_t i = 0; i < left; ++i) {
        bits |= Test::byte(text[at + i]) ? 1U << i : 0U;
    }
    return bits;
}

/// The positions in [at, end) whose byte passes `Test`, in text order.
template <typename Test>
class Positions {
public:
    Positions(std::string_view text, std::size_t at, std::size_t end) : m_text(text), m_next(at), m_end(end) { }

    /// The next position, or `end` when there is none.
    std::size_t next()
    {
        while (m_bits == 0) {
            if (m_next >= m_end) {
                return m_end;
            }
            m_block = m_next;
            m_bits = block_bits<Test>(m_text, m_block, m_end);
            m_next = std::min(m_block + 16, m_end);
        }
        const std::size_t found = m_block + static_cast<std::size_t>(std::countr_zero(m_bits));
        m_bits &= m_bits - 1;
        return found;
    }

private:
    std::string_view m_text;
    std::size_t m_block = 0;  // where the bits in m_bits start
    std::size_t m_next;  // the next block
    std::size_t m_end;
    std::uint32_t m_bits = 0;
};

/// The part of text[position, end) the matchers decide: every byte in it above 0x7F belongs to a
/// well-formed encoding of U+00A0..U+00FF, U+2019 or U+20AC lying wholly inside it; nullopt when
/// there is none. The range may cut a code point at either end (the detector's windows are
/// measured in bytes): up to two continuation bytes before the part, and the first one or two
/// bytes of such an encoding after it, are left out. RE2 cannot consume them either (it matches
/// whole sequences: every byte string its classes take starts with a lead byte and has all its
/// continuation bytes), so no match can start or end among them, and left out they are still
/// read as what they are by `\b` (non-word bytes) and by the context checks.
std::optional<Span> decided_part(std::string_view text, std::size_t position, std::size_t end)
{
    std::size_t at = position;
    for (std::size_t cut = 0; cut < 2 && at < end && continuation(text[at]); ++cut) {
        ++at;
    }
    const std::size_t first = at;
    while (at < end) {
        // On to the next byte above 0x7F (ASCII bytes need no check); each sequence checked
        // below is skipped whole, so that byte is a lead byte or a stray continuation byte.
        const std::uint32_t high = block_bits<HighByte>(text, at, end);
        if (high == 0) {
            at = std::min(at + 16, end);
            continue;
        }
        at += static_cast<std::size_t>(std::countr_zero(high));
        const auto lead = static_cast<unsigned char>(text[at]);
        if (lead == 0xC2 || lead == 0xC3) {
            if (at + 1 == end) {
                return Span { first, at };  // cut after its lead byte
            }
            // C2 A0..BF is U+00A0..U+00BF, C3 80..BF is U+00C0..U+00FF; C2 80..9F (the C1
            // controls) are outside the set.
            if (!continuation(text[at + 1]) || (lead == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0)) {
                return std::nullopt;
            }
            at += 2;
        } else if (lead == 0xE2) {
            const char second = at + 1 < end ? text[at + 1] : '\x80';
            const bool quote = second == '\x80' && (at + 2 >= end || text[at + 2] == '\x99');
            const bool euro = second == '\x82' && (at + 2 >= end || text[at + 2] == '\xAC');
            if (!quote && !euro) {
                return std::nullopt;
            }
            if (at + 2 >= end) {
                return Span { first, at };  // cut after one or two of its bytes
            }
            at += 3;
        } else {
            return std::nullopt;
        }
    }
    return Span { first, end };
}

struct Char {
    char32_t value;
    std::size_t length;
};

/// The code point at `at`, a code-point boundary inside a decided range.
Char char_at(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[at + i])); };
    const char32_t lead = byte(0);
    if (lead < 0x80) {
        return { lead, 1 };
    }
    if (lead < 0xE0) {
        return { ((lead & 0x1F) << 6) | (byte(1) & 0x3F), 2 };
    }
    return { ((lead & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F), 3 };
}

/// The start of the code point that ends at `at`, a code-point boundary after the start of a
/// decided range (its code points are one to three bytes long).
std::size_t start_before(std::string_view text, std::size_t at)
{
    if (!continuation(text[at - 1])) {
        return at - 1;
    }
    return continuation(text[at - 2]) ? at - 3 : at - 2;
}

constexpr char32_t right_quote = 0x2019;  // ’

/// \p{L} on the decided set.
bool unicode_letter(char32_t c)
{
    if (c < 0x80) {
        return has(static_cast<char>(c), letter);
    }
    return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7);
}

/// \p{Lu} on the decided set.
bool unicode_upper(char32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

/// \p{Ll} on the decided set.
bool unicode_lower(char32_t c)
{
    return (c >= 'a' && c <= 'z') || c == 0xB5 || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/// \p{N} on the decided set.
bool unicode_number(char32_t c)
{
    return (c >= '0' && c <= '9') || c == 0xB2 || c == 0xB3 || c == 0xB9 || (c >= 0xBC && c <= 0xBE);
}

// Marks in the (?i) words below, for their non-ASCII letters: [ée], [èe] and î.
constexpr char e_acute = '\x01';
constexpr char e_grave = '\x02';
constexpr char i_circumflex = '\x03';

/// The end of `word` (lower-case ASCII and marks) at text[at] under (?i), inside `end`; 0 when
/// it is not there. ASCII letters fold to ASCII only inside the decided set.
inline std::size_t folded_end(std::string_view text, std::size_t at, std::size_t end, std::string_view word)
{
    // Most calls fail on the first byte (no word starts with a mark).
    if (at >= end || fold_ascii(text[at]) != word[0]) {
        return 0;
    }
    for (const char w : word) {
        if (at >= end) {
            return 0;
        }
        const char c = text[at];
        if (w > i_circumflex) {
            if (fold_ascii(c) != w) {
                return 0;
            }
            ++at;
            continue;
        }
        if (w != i_circumflex && fold_ascii(c) == 'e') {
            ++at;
            continue;
        }
        // é C3 A9, É C3 89; è C3 A8, È C3 88; î C3 AE, Î C3 8E.
        const auto small = static_cast<unsigned char>(w == e_acute ? 0xA9 : w == e_grave ? 0xA8 : 0xAE);
        const auto second = at + 1 < end ? static_cast<unsigned char>(text[at + 1]) : 0;
        if (c != '\xC3' || (second != small && second != small - 0x20)) {
            return 0;
        }
        at += 2;
    }
    return at;
}

// ---------------------------------------------------------------------------------------------
// Continuation-passing elements over a decided range: `k` is the rest of the expression, called
// with the position after each choice in Perl's order; the first `true` ends the search.
// ---------------------------------------------------------------------------------------------

struct Range {
    std::string_view text;
    std::size_t end;  // nothing at or after `end` is consumed

    bool is(std::size_t at, char c) const { return at < end && text[at] == c; }
    bool is_digit(std::size_t at) const { return at < end && has(text[at], digit); }

    /// `word` (lower case, with marks) in any case, as under (?i).
    template <typename K>
    bool folded(std::size_t at, std::string_view word, K&& k) const
    {
        const std::size_t after = folded_end(text, at, end, word);
        return after != 0 && k(after);
    }

    /// `word` exactly (ASCII; a byte loop: the words are a few bytes, shorter than a memcmp call).
    template <typename K>
    bool exact(std::size_t at, std::string_view word, K&& k) const
    {
        if (word.size() > end - std::min(at, end)) {
            return false;
        }
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (text[at + i] != word[i]) {
                return false;
            }
        }
        return k(at + word.size());
    }

    /// `c?` (c ASCII and no letter, so case does not matter): present first.
    template <typename K>
    bool optional(std::size_t at, char c, K&& k) const
    {
        return (is(at, c) && k(at + 1)) || k(at);
    }

    /// A greedy repetition of an ASCII class, {least, most} with least >= 1: the longest run
    /// first. A byte above 0x7F is in no such class, so the run is one of whole code points.
    template <typename Class, typename K>
    bool repeat(std::size_t at, std::size_t least, std::size_t most, Class in_class, K&& k) const
    {
        std::size_t run = 0;
        while (run < most && at + run < end && in_class(text[at + run])) {
            ++run;
        }
        for (std::size_t n = run; n >= least && n > 0; --n) {
            if (k(at + n)) {
                return true;
            }
        }
        return false;
    }

    /// The same for a class of code points: counts code points, gives them back one at a time.
    template <typename Class, typename K>
    bool repeat_chars(std::size_t at, std::size_t least, std::size_t most, Class in_class, K&& k) const
    {
        std::size_t run = 0;
        std::size_t stop = at;
        while (run < most && stop < end) {
            const Char c = char_at(text, stop);
            if (!in_class(c.value)) {
                break;
            }
            stop += c.length;
            ++run;
        }
        for (std::size_t n = run; n >= least && n > 0; --n) {
            if (k(stop)) {
                return true;
            }
            stop = start_before(text, stop);
        }
        return false;
    }

    template <typename K>
    bool spaces(std::size_t at, K&& k) const  // [ ]+
    {
        return repeat(at, 1, SIZE_MAX, [](char c) { return c == ' '; }, k);
    }

    template <typename K>
    bool digits(std::size_t at, std::size_t least, std::size_t most, K&& k) const  // \d{least,most}
    {
        return repeat(at, least, most, [](char c) { return has(c, digit); }, k);
    }

    template <typename K>
    bool letters(std::size_t at, std::size_t least, std::size_t most, K&& k) const  // \p{L}{least,most}
    {
        return repeat_chars(at, least, most, unicode_letter, k);
    }
};

constexpr Outcome undecided { Outcome::State::undecided, {} };

// ---------------------------------------------------------------------------------------------
// Honorific and name:
//   (?i:\b(?:mevrouw|mevr\.|meneer|mijnheer|dhr\.|de[ ]+heer|madame|mme|monsieur|mr\.?|mrs\.?|ms\.?))
//   [ ]+(\p{Lu}[\p{Ll}'’\-]+(?:[ ]+(?:(?:van|de|der|den|le|la|du)[ ]+)?\p{Lu}[\p{Ll}'’\-]+){0,2})
// Nothing follows group 1, so the first path through it that matches is the match. The titles
// are ASCII (their letters have no other case in the decided set).
// ---------------------------------------------------------------------------------------------

/// The titles in the expression's order, grouped by their second letter: only a title whose first
/// two letters are those at the start can match there, so title() tries just that group (in the
/// expression's order); the groups have no title in common, so no order between them is lost.
template <typename K>
bool title(const Range& m, std::size_t at, K&& k)
{
    const auto any = [&](std::initializer_list<std::string_view> words) {
        return std::ranges::any_of(words, [&](std::string_view word) { return m.folded(at, word, k); });
    };
    const auto dot = [&](std::size_t after) { return m.optional(after, '.', k); };
    const char second = at + 1 < m.end ? fold_ascii(m.text[at + 1]) : '\0';
    switch (second) {
    case 'e': {
        if (any({ "mevrouw"sv, "mevr."sv, "meneer"sv })) {
            return true;
        }
        const auto heer = [&](std::size_t after) { return m.spaces(after, [&](std::size_t p) { return m.folded(p, "heer", k); }); };
        return m.folded(at, "de", heer);
    }
    case 'i':
        return any({ "mijnheer"sv });
    case 'h':
        return any({ "dhr."sv });
    case 'a':
        return any({ "madame"sv });
    case 'm':
        return any({ "mme"sv });
    case 'o':
        return any({ "monsieur"sv });
    case 'r':
        return m.folded(at, "mr", dot) || m.folded(at, "mrs", dot);
    case 's':
        return m.folded(at, "ms", dot);
    default:
        return false;
    }
}

/// \p{Lu}[\p{Ll}'’\-]+
template <typename K>
bool capitalised(const Range& m, std::size_t at, K&& k)
{
    if (at >= m.end) {
        return false;
    }
    const Char capital = char_at(m.text, at);
    if (!unicode_upper(capital.value)) {
        return false;
    }
    const auto rest = [](char32_t c) { return unicode_lower(c) || c == '\'' || c == right_quote || c == '-'; };
    return m.repeat_chars(at + capital.length, 1, SIZE_MAX, rest, k);
}

/// [ ]+(?:(?:van|de|der|den|le|la|du)[ ]+)?\p{Lu}[\p{Ll}'’\-]+ (the particle is case-sensitive).
template <typename K>
bool next_name(const Range& m, std::size_t at, K&& k)
{
    static constexpr std::array<std::string_view, 7> particles = { "van", "de", "der", "den", "le", "la", "du" };
    return m.spaces(at, [&](std::size_t word) {
        for (const std::string_view particle : particles) {
            const auto after_particle = [&](std::size_t p) {
                return m.spaces(p, [&](std::size_t q) { return capitalised(m, q, k); });
            };
            if (m.exact(word, particle, after_particle)) {
                return true;
            }
        }
        return capitalised(m, word, k);
    });
}

// ---------------------------------------------------------------------------------------------
// Birth date, all under (?i):
//   (?:\b(?:geboortedatum|geboren(?:[ ]+op)?|geb\.|date[ ]+de[ ]+naissance|n[ée]e?[ ]+le
//          |date[ ]+of[ ]+birth|d\.?o\.?b\.?|born(?:[ ]+on)?)|°)
//   [^\d\n]{0,30}?
//   (\d{4}-\d{1,2}-\d{1,2}
//   |\d{1,2}[ ]?[/.\-][ ]?\d{1,2}[ ]?[/.\-][ ]?(?:\d{4}|\d{2})\b
//   |\d{1,2}(?:er|e)?[ ]+\p{L}{3,9}\.?[ ]+\d{4}
//   |\p{L}{3,9}\.?[ ]+\d{1,2}(?:st|nd|rd|th)?,?[ ]+\d{4})
// A match starts on a label's first letter (after a `\b`) or on '°' (C2 B0, no `\b`). The lazy
// gap tries 0, 1, ... 30 code points. Nothing follows group 1 (the \b is inside the second
// alternative).
// ---------------------------------------------------------------------------------------------

template <typename K>
bool birth_label(const Range& m, std::size_t at, K&& k)
{
    if (m.folded(at, "geboortedatum", k)) {
        return true;
    }
    const auto op = [&](std::size_t after) {
        return m.spaces(after, [&](std::size_t p) { return m.folded(p, "op", k); }) || k(after);
    };
    if (m.folded(at, "geboren", op) || m.folded(at, "geb.", k)) {
        return true;
    }
    const auto spaced = [&](std::string_view next, auto&& then) {
        return [&, next](std::size_t after) { return m.spaces(after, [&](std::size_t p) { return m.folded(p, next, then); }); };
    };
    if (m.folded(at, "date", spaced("de", spaced("naissance", k)))) {
        return true;
    }
    // n[ée]e?[ ]+le
    const auto le = [&](std::size_t after) { return m.spaces(after, [&](std::size_t p) { return m.folded(p, "le", k); }); };
    const auto nee = [&](std::size_t after) { return (m.folded(after, "e", le)) || le(after); };
    if (m.folded(at, std::string_view("n\x01", 2), nee)) {
        return true;
    }
    if (m.folded(at, "date", spaced("of", spaced("birth", k)))) {
        return true;
    }
    // d\.?o\.?b\.?
    const auto b = [&](std::size_t after) { return m.folded(after, "b", [&](std::size_t p) { return m.optional(p, '.', k); }); };
    const auto o = [&](std::size_t after) { return m.folded(after, "o", [&](std::size_t p) { return m.optional(p, '.', b); }); };
    if (m.folded(at, "d", [&](std::size_t p) { return m.optional(p, '.', o); })) {
        return true;
    }
    const auto on = [&](std::size_t after) {
        return m.spaces(after, [&](std::size_t p) { return m.folded(p, "on", k); }) || k(after);
    };
    return m.folded(at, "born", on);
}

bool date_separator(char c)
{
    return c == '/' || c == '.' || c == '-';
}

template <typename K>
bool one_of(const Range& m, std::size_t at, bool (*in_class)(char), K&& k)
{
    return at < m.end && in_class(m.text[at]) && k(at + 1);
}

template <typename K>
bool written_date(const Range& m, std::size_t at, K&& k)
{
    // \d{4}-\d{1,2}-\d{1,2}
    const auto iso = m.digits(at, 4, 4, [&](std::size_t p) {
        return m.exact(p, "-", [&](std::size_t q) {
            return m.digits(q, 1, 2, [&](std::size_t r) {
                return m.exact(r, "-", [&](std::size_t s) { return m.digits(s, 1, 2, k); });
            });
        });
    });
    if (iso) {
        return true;
    }
    // \d{1,2}[ ]?[/.\-][ ]?\d{1,2}[ ]?[/.\-][ ]?(?:\d{4}|\d{2})\b
    const auto boundary = [&](std::size_t p) { return word_ends_at(m.text, p) && k(p); };
    const auto year = [&](std::size_t p) { return m.digits(p, 4, 4, boundary) || m.digits(p, 2, 2, boundary); };
    const auto separated = [&](auto&& then) {
        return [&](std::size_t p) {
            return m.optional(p, ' ', [&](std::size_t q) {
                return one_of(m, q, date_separator, [&](std::size_t r) { return m.optional(r, ' ', then); });
            });
        };
    };
    const auto numeric = m.digits(at, 1, 2, separated([&](std::size_t p) { return m.digits(p, 1, 2, separated(year)); }));
    if (numeric) {
        return true;
    }
    // \d{1,2}(?:er|e)?[ ]+\p{L}{3,9}\.?[ ]+\d{4}
    const auto spaced_year = [&](std::size_t p) { return m.spaces(p, [&](std::size_t q) { return m.digits(q, 4, 4, k); }); };
    const auto month_year = [&](std::size_t p) {
        return m.spaces(p, [&](std::size_t q) {
            return m.letters(q, 3, 9, [&](std::size_t r) { return m.optional(r, '.', spaced_year); });
        });
    };
    const auto day_month = m.digits(at, 1, 2, [&](std::size_t p) {
        return m.folded(p, "er", month_year) || m.folded(p, "e", month_year) || month_year(p);
    });
    if (day_month) {
        return true;
    }
    // \p{L}{3,9}\.?[ ]+\d{1,2}(?:st|nd|rd|th)?,?[ ]+\d{4}
    const auto comma_year = [&](std::size_t p) { return m.optional(p, ',', spaced_year); };
    return m.letters(at, 3, 9, [&](std::size_t p) {
        return m.optional(p, '.', [&](std::size_t q) {
            return m.spaces(q, [&](std::size_t r) {
                return m.digits(r, 1, 2, [&](std::size_t s) {
                    for (const std::string_view suffix : { "st"sv, "nd"sv, "rd"sv, "th"sv }) {
                        if (m.folded(s, suffix, comma_year)) {
                            return true;
                        }
                    }
                    return comma_year(s);
                });
            });
        });
    });
}

} // namespace

/// match_honorific_name on the part of a range that decided_part() accepted.
static Outcome honorific_name_in(std::string_view text, std::size_t position, std::size_t end)
{
    const Range m { text, end };
    // Every title starts with 'm' or 'd' (either case), a letter: `\b` needs a non-word byte (or
    // nothing) before it. Only those bytes are visited.
    Positions<AnyOf<'m', 'd'>> starts(text, position, end);
    for (std::size_t start = starts.next(); start < end; start = starts.next()) {
        if (start > 0 && has(text[start - 1], word)) {
            continue;
        }
        Outcome found { Outcome::State::match, { { start, 0 }, { 0, 0 } } };
        const auto name = [&](std::size_t value) {
            const auto done = [&](std::size_t match_end) {
                found.match.value = { value, match_end };
                found.match.whole.end = match_end;
                return true;
            };
            // {0,2} further names, greedy: two, else one, else none (which always succeeds).
            return capitalised(m, value, [&](std::size_t p) {
                return next_name(m, p, [&](std::size_t q) { return next_name(m, q, done) || done(q); }) || done(p);
            });
        };
        if (title(m, start, [&](std::size_t p) { return m.spaces(p, name); })) {
            return found;
        }
    }
    return { Outcome::State::no_match, {} };
}

/// match_birth_date on the part of a range that decided_part() accepted.
static Outcome birth_date_in(std::string_view text, std::size_t position, std::size_t end)
{
    const Range m { text, end };
    // A label starts with one of these letters (either case), after a `\b` (a non-word byte
    // before it); '°' (C2 B0) needs no `\b`. Only those bytes are visited.
    Positions<AnyOf<'g', 'd', 'n', 'b', '\xC2'>> starts(text, position, end);
    for (std::size_t start = starts.next(); start < end; start = starts.next()) {
        const bool degree = text[start] == '\xC2';
        if (degree ? start + 1 >= end || text[start + 1] != '\xB0' : start > 0 && has(text[start - 1], word)) {
            continue;
        }
        Outcome found { Outcome::State::match, { { start, 0 }, { 0, 0 } } };
        const auto gap_then_date = [&](std::size_t label_end) {
            // [^\d\n]{0,30}?: fewest first, code points.
            std::size_t date = label_end;
            for (std::size_t gap = 0; gap <= 30; ++gap) {
                const auto done = [&](std::size_t match_end) {
                    found.match.value = { date, match_end };
                    found.match.whole.end = match_end;
                    return true;
                };
                if (written_date(m, date, done)) {
                    return true;
                }
                if (date >= end || has(text[date], digit) || text[date] == '\n') {
                    return false;
                }
                date += char_at(text, date).length;
            }
            return false;
        };
        if (degree ? gap_then_date(start + 2) : birth_label(m, start, gap_then_date)) {
            return found;
        }
    }
    return { Outcome::State::no_match, {} };
}

// ---------------------------------------------------------------------------------------------
// Address (patterns.cpp, address_pattern()):
//   CONTEXT = ^ | [^\p{L}\p{N}'’\-]
//   DUTCH   = (?:\p{Lu}[\p{L}'’.\-]*[ ]){0,3} [\p{L}'’\-]* (?i:straat|laan|...|square)
//   FRENCH  = (?i:rue|avenue|av\.|chauss[ée]e|boulevard|bd|place|chemin|all[ée]e|quai|square
//                 |impasse|dr[èe]ve|route|clos|sentier|rempart) (?:[ ]+[\p{L}'’.\-]+){1,5}
//   CONTEXT ( (?:DUTCH|FRENCH) REST )
//   REST    = [ ]+[1-9]\d{0,3}(?:[ ]?[A-Za-z]\b)?
//             (?:[ ,]*(?i:bus|bte|boîte|b\.)[ ]?[A-Za-z0-9]{1,5})?
//             (?:[ ]*[,\n][ ]*|[ ]+-[ ]+|[ ]+)
//             [1-9]\d{3}[ ]+\p{L}[\p{L}'’\-]*(?:[ ]\p{Lu}[\p{L}'’\-]*)?
// The street suffixes are ASCII; the French words' é, è and the î of "boîte" match either case.
//
// Starts. `^` holds only at the start of the whole text (RE2 checks the context, not the range:
// with position > 0 it never matches), and [^...] takes any other code point ('\n', a no-break
// space, '×' too) whole. Group 1 starts with a letter, an apostrophe or a hyphen (every street
// does), which the context class excludes: at the text's start `^` and the class cannot both
// lead to a match, and every group-1 start g has one whole start (g after `^`, the code point
// before g after the class), in the same order. So the leftmost-first match is the first g, in
// text order, from which `(?:DUTCH|FRENCH) REST` matches, taking the first path in backtracking
// order.
//
// Streets. The path through the street matters only by where it ends (REST depends on nothing
// else), so each street alternative is a list of end positions in backtracking order:
// - DUTCH: a capitalised word's `[\p{L}'’.\-]*` is followed by `[ ]`, which it cannot take, so
//   it takes its whole run; the words form one fixed chain from g and the greedy {0,3} tries
//   K = most words (at most 3) first, then fewer. After K words, `[\p{L}'’\-]*` and a suffix
//   (letters) are followed by REST's `[ ]+`: every successful path ends exactly at the end of the
//   run of [\p{L}'’\-] from there (a shorter end is followed by a run character, not a blank), so
//   the end for K is that run's end, if the run ends with a suffix (in any case); which suffix and
//   which star length come first does not change the end.
// - FRENCH: the street words, one at g (at most one fits: none is a prefix of another at the
//   same bytes, and the list is tried in order anyway), then repetitions of blanks and a word,
//   each followed by `[ ]` (the next repetition or REST) and so taken whole: a fixed chain of up
//   to 5 words, tried from the most to one.
// DUTCH's ends all come before FRENCH's (the alternation), and an end tried before is not tried
// again (same REST, same failure).
//
// REST from a street end q: `[ ]+` is followed by [1-9], so it takes all blanks. `\d{0,3}` tries
// 3, 2, 1, 0 more digits. The optional letter tries " x", then "x", then nothing; its `\b` lies
// inside the match (a separator and a postcode follow), so it never reads outside the range. The
// optional bus tries present first; `[ ,]*` is followed by 'b', so it takes the whole run; at
// most one of bus/bte/boîte/b. fits; `[ ]?` takes the blank when there is one (without it, the
// blank is no [A-Za-z0-9]); the count tries 5 down to 1. The separator's three forms each take
// all blanks (a blank is neither ',' '\n' '-' nor [1-9]), and at most one fits the byte after the
// blanks. The postcode is four digits and blanks; nothing follows the town, so its greedy parts
// take all they can and the optional second word is present when it fits: the first path from
// the postcode on is the only one tried.
// ---------------------------------------------------------------------------------------------

namespace {

bool is_ascii_letter(char c)
{
    return has(c, letter);
}

// The three classes below on ASCII, one table lookup each: name_char, word_char, street_char.
enum : std::uint8_t { name_class = 1, word_class = 2, street_class = 4 };

constexpr std::array<std::uint8_t, 128> ascii_street_classes = [] {
    std::array<std::uint8_t, 128> table {};
    for (int c = 0; c < 128; ++c) {
        const bool name = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c == '-';
        const bool word = name || c == '.';
        const bool street = word || c == ' ';
        table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>((name ? name_class : 0) | (word ? word_class : 0) | (street ? street_class : 0));
    }
    return table;
}();

/// [\p{L}'’\-]: a town's letters, the street's run before its suffix.
bool name_char(char32_t c)
{
    if (c < 0x80) {
        return (ascii_street_classes[c] & name_class) != 0;
    }
    return unicode_letter(c) || c == right_quote;
}

/// [\p{L}'’.\-]: the capitalised words before a Dutch suffix, the words after a French street.
bool word_char(char32_t c)
{
    if (c < 0x80) {
        return (ascii_street_classes[c] & word_class) != 0;
    }
    return name_char(c);
}

/// Every code point a street (either form) can consume: its words and blanks.
bool street_char(char32_t c)
{
    if (c < 0x80) {
        return (ascii_street_classes[c] & street_class) != 0;
    }
    return name_char(c);
}

/// The Dutch suffixes and French street words, lower case, marks for [ée], [èe].
constexpr std::array<std::string_view, 30> dutch_suffixes = { "straat", "laan", "weg", "plein", "steenweg", "dreef",
    "lei", "baan", "kaai", "markt", "singel", "dijk", "vest", "hof", "pad", "park", "berg", "veld", "wal", "ring",
    "dam", "gracht", "kouter", "dries", "heide", "bos", "hoek", "kant", "boulevard", "square" };
constexpr std::array<std::string_view, 17> french_streets = { "rue", "avenue", "av.", "chauss\x01" "e", "boulevard", "bd",
    "place", "chemin", "all\x01" "e", "quai", "square", "impasse", "dr\x02" "ve", "route", "clos", "sentier", "rempart" };
constexpr std::array<std::string_view, 4> box_words = { "bus", "bte", "bo\x03" "te", "b." };

/// For each byte, the words of `list` (at most 32, each beginning and ending with an ASCII letter)
/// whose first letter (`last` false) or last letter (`last` true) it is, in either case: bit i
/// stands for list[i]. A word whose letter there is not the text's cannot match, and visiting
/// the set bits from the lowest keeps the list's order among the others.
template <std::size_t N>
constexpr std::array<std::uint32_t, 256> words_by_letter(const std::array<std::string_view, N>& list, bool last)
{
    static_assert(N <= 32);
    std::array<std::uint32_t, 256> table {};
    for (std::size_t i = 0; i < N; ++i) {
        const char letter = last ? list[i].back() : list[i].front();
        table[static_cast<unsigned char>(letter)] |= 1U << i;
        table[static_cast<unsigned char>(letter - 'a' + 'A')] |= 1U << i;
    }
    return table;
}

constexpr std::array<std::uint32_t, 256> suffixes_by_last_letter = words_by_letter(dutch_suffixes, true);
constexpr std::array<std::uint32_t, 256> french_streets_by_first_letter = words_by_letter(french_streets, false);

std::size_t skip_blanks(std::string_view text, std::size_t at, std::size_t end)
{
    while (at < end && text[at] == ' ') {
        ++at;
    }
    return at;
}

/// The end of the run of code points of a class from `at`. The class is a template argument (a
/// call through a pointer per code point cost more than the test); ASCII bytes, nearly all of
/// them, are tested without decoding.
template <bool (*InClass)(char32_t)>
std::size_t skip_run(std::string_view text, std::size_t at, std::size_t end)
{
    while (at < end) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) {
            if (!InClass(byte)) {
                break;
            }
            ++at;
            continue;
        }
        const Char c = char_at(text, at);
        if (!InClass(c.value)) {
            break;
        }
        at += c.length;
    }
    return at;
}

/// From the postcode on: the end of the match, or 0.
std::size_t postcode_and_town(std::string_view text, std::size_t at, std::size_t end)
{
    // [1-9]\d{3}[ ]+\p{L}
    if (at + 4 > end || text[at] < '1' || text[at] > '9' || !has(text[at + 1], digit) || !has(text[at + 2], digit)
        || !has(text[at + 3], digit)) {
        return 0;
    }
    const std::size_t town = skip_blanks(text, at + 4, end);
    if (town == at + 4 || town >= end) {
        return 0;
    }
    const Char first = char_at(text, town);
    if (!unicode_letter(first.value)) {
        return 0;
    }
    // [\p{L}'’\-]*(?:[ ]\p{Lu}[\p{L}'’\-]*)?
    const std::size_t town_end = skip_run<name_char>(text, town + first.length, end);
    if (town_end + 1 < end && text[town_end] == ' ') {
        const Char capital = char_at(text, town_end + 1);
        if (unicode_upper(capital.value)) {
            return skip_run<name_char>(text, town_end + 1 + capital.length, end);
        }
    }
    return town_end;
}

/// (?:[ ]*[,\n][ ]*|[ ]+-[ ]+|[ ]+) and the postcode and town.
std::size_t separator_postcode_town(std::string_view text, std::size_t at, std::size_t end)
{
    const std::size_t blanks = skip_blanks(text, at, end);
    if (blanks < end && (text[blanks] == ',' || text[blanks] == '\n')) {
        if (const auto found = postcode_and_town(text, skip_blanks(text, blanks + 1, end), end)) {
            return found;
        }
    }
    if (blanks > at && blanks < end && text[blanks] == '-') {
        const std::size_t after = skip_blanks(text, blanks + 1, end);
        if (after > blanks + 1) {
            if (const auto found = postcode_and_town(text, after, end)) {
                return found;
            }
        }
    }
    if (blanks > at) {
        return postcode_and_town(text, blanks, end);
    }
    return 0;
}

/// (?i:bus|bte|boîte|b\.)[ ]?[A-Za-z0-9]{1,5} at `word` and the rest: the end of the match, or 0.
std::size_t box_and_rest(std::string_view text, std::size_t word, std::size_t end)
{
    for (const std::string_view bus : box_words) {
        std::size_t box = folded_end(text, word, end, bus);
        if (box == 0) {
            continue;
        }
        if (box < end && text[box] == ' ') {
            ++box;  // `[ ]?` present first; without it the blank is no [A-Za-z0-9]
        }
        std::size_t run = 0;
        while (run < 5 && box + run < end && has(text[box + run], alnum)) {
            ++run;
        }
        for (; run > 0; --run) {
            if (const std::size_t found = separator_postcode_town(text, box + run, end)) {
                return found;
            }
        }
    }
    return 0;
}

/// (?:[ ,]*(?i:bus|bte|boîte|b\.)[ ]?[A-Za-z0-9]{1,5})? and the rest, from `at`.
std::size_t bus_and_rest(std::string_view text, std::size_t at, std::size_t end)
{
    std::size_t word = at;
    while (word < end && (text[word] == ' ' || text[word] == ',')) {
        ++word;
    }
    // Every box word starts with 'b' (either case); without one, no box word is compared.
    if (word < end && fold_ascii(text[word]) == 'b') {
        if (const std::size_t found = box_and_rest(text, word, end)) {
            return found;
        }
    }
    return separator_postcode_town(text, at, end);
}

/// REST from the end of a street: the end of the match, or 0.
std::size_t house_number_and_rest(std::string_view text, std::size_t street_end, std::size_t end)
{
    const std::size_t number = skip_blanks(text, street_end, end);
    if (number == street_end || number >= end || text[number] < '1' || text[number] > '9') {
        return 0;
    }
    std::size_t more = 0;
    while (more < 3 && number + 1 + more < end && has(text[number + 1 + more], digit)) {
        ++more;
    }
    for (std::size_t taken = more + 1; taken-- > 0;) {
        const std::size_t after = number + 1 + taken;
        // (?:[ ]?[A-Za-z]\b)?: with the blank, without it, then no letter.
        if (after + 1 < end && text[after] == ' ' && is_ascii_letter(text[after + 1]) && word_ends_at(text, after + 2)) {
            if (const auto found = bus_and_rest(text, after + 2, end)) {
                return found;
            }
        }
        if (after < end && is_ascii_letter(text[after]) && word_ends_at(text, after + 1)) {
            if (const auto found = bus_and_rest(text, after + 1, end)) {
                return found;
            }
        }
        if (const auto found = bus_and_rest(text, after, end)) {
            return found;
        }
    }
    return 0;
}

/// The end of the run of [\p{L}'’\-] from `at`, if that run ends with a Dutch suffix.
std::size_t dutch_street_end(std::string_view text, std::size_t at, std::size_t end)
{
    const std::size_t run_end = skip_run<name_char>(text, at, end);
    if (run_end - at < 3) {
        return 0;  // the shortest suffix has three letters
    }
    // The suffixes are ASCII: a byte of a longer code point never folds to one of their letters.
    // Only those ending in the run's last letter are compared.
    for (std::uint32_t suffixes = suffixes_by_last_letter[static_cast<unsigned char>(text[run_end - 1])]; suffixes != 0;
         suffixes &= suffixes - 1) {
        const std::string_view suffix = dutch_suffixes[static_cast<std::size_t>(std::countr_zero(suffixes))];
        if (suffix.size() <= run_end - at && folded_end(text, run_end - suffix.size(), end, suffix) == run_end) {
            return run_end;
        }
    }
    return 0;
}

/// REST's end from one street end, already computed (house_number_and_rest() is a function of
/// the street end and `end` only).
struct KnownRest {
    std::size_t street_end;
    std::size_t match_end;
};

/// The match from group 1's start g: its end, or 0.
std::size_t address_from(std::string_view text, std::size_t g, std::size_t end, KnownRest known)
{
    std::array<std::size_t, 3 + 5 + 1> tried {};
    std::size_t tried_count = 0;
    const auto attempt = [&](std::size_t street_end) -> std::size_t {
        for (std::size_t i = 0; i < tried_count; ++i) {
            if (tried[i] == street_end) {
                return 0;
            }
        }
        if (tried_count < tried.size()) {
            tried[tried_count++] = street_end;
        }
        if (street_end == known.street_end) {
            return known.match_end;
        }
        return house_number_and_rest(text, street_end, end);
    };
    // DUTCH: up to three capitalised words, each with one blank after it.
    std::array<std::size_t, 4> word_starts { g, 0, 0, 0 };
    std::size_t words = 0;
    while (words < 3) {
        const std::size_t at = word_starts[words];
        if (at >= end) {
            break;
        }
        const Char capital = char_at(text, at);
        if (!unicode_upper(capital.value)) {
            break;
        }
        const std::size_t blank = skip_run<word_char>(text, at + capital.length, end);
        if (blank >= end || text[blank] != ' ') {
            break;
        }
        word_starts[++words] = blank + 1;
    }
    for (std::size_t k = words + 1; k-- > 0;) {
        if (const auto street_end = dutch_street_end(text, word_starts[k], end)) {
            if (const auto found = attempt(street_end)) {
                return found;
            }
        }
    }
    // FRENCH: a street word, then one to five words after blanks; only the words beginning with
    // the letter at g are compared.
    for (std::uint32_t streets = french_streets_by_first_letter[static_cast<unsigned char>(text[g])]; streets != 0;
         streets &= streets - 1) {
        const std::string_view street = french_streets[static_cast<std::size_t>(std::countr_zero(streets))];
        const std::size_t street_word_end = folded_end(text, g, end, street);
        if (street_word_end == 0) {
            continue;
        }
        std::array<std::size_t, 5> word_ends {};
        std::size_t count = 0;
        std::size_t at = street_word_end;
        while (count < 5) {
            const std::size_t word = skip_blanks(text, at, end);
            const std::size_t word_end = skip_run<word_char>(text, word, end);
            if (word == at || word_end == word) {
                break;
            }
            word_ends[count++] = word_end;
            at = word_end;
        }
        for (std::size_t n = count; n > 0; --n) {
            if (const auto found = attempt(word_ends[n - 1])) {
                return found;
            }
        }
    }
    return 0;
}

/// The whole match's start for group 1 at g (the context code point before g, or g itself after
/// `^`), or nullopt when neither `^` nor the class fits inside the range.
std::optional<std::size_t> context_start(std::string_view text, std::size_t position, std::size_t g)
{
    if (g == 0) {
        return g;
    }
    if (g == position) {
        return std::nullopt;  // no `^` after the text's start; the class's code point must lie in the range
    }
    const std::size_t before = start_before(text, g);
    const char32_t c = char_at(text, before).value;
    if (unicode_letter(c) || unicode_number(c) || c == '\'' || c == right_quote || c == '-') {
        return std::nullopt;
    }
    return before;
}

} // namespace

/// match_address on the part of a range that decided_part() accepted.
static Outcome address_in(std::string_view text, std::size_t position, std::size_t end)
{
    // Every match needs REST after a street end q: a blank after a word character, blanks, [1-9],
    // and the rest. A street consumes only street characters (its words and blanks) and holds at
    // most five runs of blanks (DUTCH three single blanks, FRENCH five runs), so only a start g
    // with [g, q) made of street characters and at most five runs of blanks can end on q. The
    // search walks the ends q whose REST matches in text order and tries, in text order, the
    // starts not tried before that could reach q; from each it tries every street end (later ones
    // too), as RE2 would. Every start before `tried` was tried or cannot reach any later end.
    std::size_t tried = position;
    // A house number: [1-9] after blanks after a word character, all inside the range (so at
    // position + 2 or later). Only the bytes [1-9] are visited.
    Positions<NonZeroDigit> numbers(text, std::min(position + 2, end), end);
    for (std::size_t number = numbers.next(); number < end; number = numbers.next()) {
        if (text[number - 1] != ' ') {
            continue;
        }
        std::size_t q = number - 1;
        while (q > position && text[q - 1] == ' ') {
            --q;
        }
        if (q == position || !word_char(char_at(text, start_before(text, q)).value)) {
            continue;
        }
        const std::size_t rest = house_number_and_rest(text, q, end);
        if (!rest) {
            continue;
        }
        std::size_t first = q;
        std::size_t blank_runs = 0;
        while (first > tried) {
            const std::size_t before = start_before(text, first);
            if (!street_char(char_at(text, before).value)
                || (text[before] == ' ' && text[first] != ' ' && ++blank_runs > 5)) {
                break;
            }
            first = before;
        }
        for (std::size_t g = first; g < q;) {
            const Char c = char_at(text, g);
            // Every street starts with a letter, an apostrophe or a hyphen.
            if (name_char(c.value)) {
                if (const auto whole = context_start(text, position, g)) {
                    if (const auto match_end = address_from(text, g, end, { q, rest })) {
                        return { Outcome::State::match, { { *whole, match_end }, { g, match_end } } };
                    }
                }
            }
            g += c.length;
        }
        tried = q;
    }
    return { Outcome::State::no_match, {} };
}

// ---------------------------------------------------------------------------------------------
// Nationality (group 1 is the whole match):
//   \b( \p{L}+(?:e|se)[ ]+(?i:nationaliteit)      -- A
//     | (?i:nationalit[ée])[ ]+\p{L}+             -- B
//     | \p{L}+[ ]+(?i:nationality) )\b            -- C
// A and C begin with letters followed by a blank, so their letters end where the run of letters
// from the start ends (r), whatever the split: A needs that run to end on 'e' (lower case: the
// group is outside (?i)) with a letter before it ("se" ends on 'e' as well); `[ ]+` is followed
// by a letter and takes all blanks; their last `\b` follows an ASCII letter (context too). Every
// start inside one run has the same r and the same tails. B: the word, all blanks, then a run of
// letters from which `\p{L}+` gives back code points until `\b` holds after the last one kept:
// `\b` is ASCII, so inside the run it holds between an ASCII letter and a non-ASCII one, and at
// the run's end it depends on the byte after it (outside the range too).
// Starts: a letter with `\b` before it: an ASCII letter needs a non-word byte (or nothing) before
// it, a non-ASCII one a word byte (so "xé..." may match from 'é'). Starts are tried in text
// order; at each, A, then B, then C.
// ---------------------------------------------------------------------------------------------

namespace {

/// B from `start`: the end of the match, or 0.
std::size_t nationality_then_adjective(std::string_view text, std::size_t start, std::size_t end)
{
    const std::size_t word_end = folded_end(text, start, end, std::string_view("nationalit\x01", 11));
    if (word_end == 0) {
        return 0;
    }
    const std::size_t letters = skip_blanks(text, word_end, end);
    if (letters == word_end) {
        return 0;
    }
    std::size_t stop = skip_run<unicode_letter>(text, letters, end);
    while (stop > letters) {
        const bool word_after = stop < text.size() && has(text[stop], word);
        if (has(text[stop - 1], word) != word_after) {
            return stop;
        }
        stop = start_before(text, stop);
    }
    return 0;
}

} // namespace

/// match_nationality on the part of a range that decided_part() accepted.
static Outcome nationality_in(std::string_view text, std::size_t position, std::size_t end)
{
    // The run of letters holding the current start, and where A and C end after it (0: nowhere).
    std::size_t run_end = position;
    std::size_t a_end = 0;
    std::size_t c_end = 0;
    for (std::size_t start = position; start < end;) {
        const Char c = char_at(text, start);
        if (!unicode_letter(c.value)) {
            start += c.length;
            continue;
        }
        if (start >= run_end) {
            run_end = skip_run<unicode_letter>(text, start, end);
            a_end = 0;
            c_end = 0;
            if (run_end < end && text[run_end] == ' ') {
                const std::size_t next = skip_blanks(text, run_end, end);
                const std::size_t after_a = folded_end(text, next, end, "nationaliteit");
                if (after_a != 0 && text[run_end - 1] == 'e' && word_ends_at(text, after_a)) {
                    a_end = after_a;
                }
                const std::size_t after_c = folded_end(text, next, end, "nationality");
                if (after_c != 0 && word_ends_at(text, after_c)) {
                    c_end = after_c;
                }
            }
        }
        const bool word_before = start > 0 && has(text[start - 1], word);
        if (word_before != has(text[start], word)) {
            // A: at least one letter before the final 'e' (which is one byte).
            if (a_end != 0 && run_end - start >= 2) {
                return { Outcome::State::match, { { start, a_end }, { start, a_end } } };
            }
            if (fold_ascii(text[start]) == 'n') {
                if (const std::size_t b_end = nationality_then_adjective(text, start, end); b_end != 0) {
                    return { Outcome::State::match, { { start, b_end }, { start, b_end } } };
                }
            }
            if (c_end != 0) {
                return { Outcome::State::match, { { start, c_end }, { start, c_end } } };
            }
        }
        start += c.length;
    }
    return { Outcome::State::no_match, {} };
}

// ---------------------------------------------------------------------------------------------
// Income, all under (?i):
//   \b((?:gezins)?inkomen|loon|leefloon|uitkering|revenu|income)\b
//   [^.\n]{0,40}?
//   (?:€[ ]?\d[\d. ]*|\d[\d. ]*[ ]?(?:€|euro|eur)\b)
// Group 1 is the word. At one start at most one word fits (their first two letters differ but
// for inkomen/income, which differ in the third); the `\b`s around it need non-word bytes (the
// words are ASCII letters), outside the range too. The lazy gap tries 0, 1, ... 40 code points
// other than '.' and '\n'; at each, the two amounts in order:
// - `€[ ]?\d[\d. ]*`: the blank is taken when a digit follows it (without it, the blank is no
//   digit); nothing follows the greedy run, so it takes all of [\d. ] there is.
// - `\d[\d. ]*[ ]?(?:€|euro|eur)\b`: the run of [\d. ] after the digit ends at r; the unit starts
//   with '€', 'e' or 'E', none of which the run holds, so every path puts the unit at r (the run
//   whole and no blank, or the run less a last blank and `[ ]?` taking it). The units in order:
//   '€', whose last byte is no word byte, so `\b` needs a word byte after it; "euro" and "eur",
//   which need a non-word byte (or nothing) after them.
// ---------------------------------------------------------------------------------------------

namespace {

bool amount_char(char c)
{
    return has(c, digit) || c == '.' || c == ' ';
}

bool euro_at(std::string_view text, std::size_t at, std::size_t end)
{
    return at + 3 <= end && text[at] == '\xE2' && text[at + 1] == '\x82' && text[at + 2] == '\xAC';
}

/// (?:€|euro|eur)\b at `at`: the end, or 0.
std::size_t unit_end(std::string_view text, std::size_t at, std::size_t end)
{
    if (euro_at(text, at, end) && at + 3 < text.size() && has(text[at + 3], word)) {
        return at + 3;
    }
    for (const std::string_view unit : { "euro"sv, "eur"sv }) {
        const std::size_t after = folded_end(text, at, end, unit);
        if (after != 0 && word_ends_at(text, after)) {
            return after;
        }
    }
    return 0;
}

constexpr std::array<std::string_view, 7> income_words = { "gezinsinkomen", "inkomen", "loon", "leefloon", "uitkering",
    "revenu", "income" };

} // namespace

/// match_income on the part of a range that decided_part() accepted.
static Outcome income_in(std::string_view text, std::size_t position, std::size_t end)
{
    // The run of [\d. ] last measured: [run_begin, run_end) (every byte of it is in the class).
    std::size_t run_begin = 0;
    std::size_t run_end = 0;
    const auto amount_run_end = [&](std::size_t from) {
        if (from <= run_begin || from > run_end) {
            run_begin = from - 1;
            run_end = from;
            while (run_end < end && amount_char(text[run_end])) {
                ++run_end;
            }
        }
        return run_end;
    };
    // Every income word starts with one of these letters (either case), after a `\b` (a non-word
    // byte before it). Only those bytes are visited.
    Positions<AnyOf<'g', 'i', 'l', 'u', 'r'>> starts(text, position, end);
    for (std::size_t start = starts.next(); start < end; start = starts.next()) {
        if (start > 0 && has(text[start - 1], word)) {
            continue;
        }
        for (const std::string_view income : income_words) {
            const std::size_t word_end = folded_end(text, start, end, income);
            if (word_end == 0 || !word_ends_at(text, word_end)) {
                continue;
            }
            // [^.\n]{0,40}?: fewest first, code points.
            std::size_t at = word_end;
            for (std::size_t gap = 0; gap <= 40 && at < end; ++gap) {
                std::size_t amount_end = 0;
                if (euro_at(text, at, end)) {
                    std::size_t number = at + 3;
                    if (number + 1 < end && text[number] == ' ' && has(text[number + 1], digit)) {
                        ++number;
                    }
                    if (number < end && has(text[number], digit)) {
                        amount_end = amount_run_end(number + 1);
                    }
                } else if (has(text[at], digit)) {
                    amount_end = unit_end(text, amount_run_end(at + 1), end);
                }
                if (amount_end != 0) {
                    return { Outcome::State::match, { { start, amount_end }, { start, word_end } } };
                }
                if (text[at] == '.' || text[at] == '\n') {
                    break;
                }
                at += char_at(text, at).length;
            }
        }
    }
    return { Outcome::State::no_match, {} };
}

/// `match` on the part of text[position, end) that the matchers decide, or `undecided`.
static Outcome on_decided_part(std::string_view text, std::size_t position, std::size_t end,
    Outcome (*match)(std::string_view, std::size_t, std::size_t))
{
    const std::optional<Span> part = decided_part(text, position, end);
    return part ? match(text, part->begin, part->end) : undecided;
}

Outcome match_honorific_name(std::string_view text, std::size_t position, std::size_t end)
{
    return on_decided_part(text, position, end, honorific_name_in);
}

Outcome match_birth_date(std::string_view text, std::size_t position, std::size_t end)
{
    return on_decided_part(text, position, end, birth_date_in);
}

Outcome match_address(std::string_view text, std::size_t position, std::size_t end)
{
    return on_decided_part(text, position, end, address_in);
}

Outcome match_nationality(std::string_view text, std::size_t position, std::size_t end)
{
    return on_decided_part(text, position, end, nationality_in);
}

Outcome match_income(std::string_view text, std::size_t position, std::size_t end)
{
    return on_decided_part(text, position, end, income_in);
}

Outcome match_pattern(PatternKind kind, std::string_view text, std::size_t position, std::size_t end)
{
    const auto whole = [](std::optional<Span> found) {
        return found ? Outcome { Outcome::State::match, { *found, *found } } : Outcome {};
    };
    switch (kind) {
    case PatternKind::national_number:
        return whole(match_national_number(text, position, end));
    case PatternKind::id_card:
        return whole(match_id_card(text, position, end));
    case PatternKind::iban:
        return whole(match_iban(text, position, end));
    case PatternKind::email:
        return whole(match_email(text, position, end));
    case PatternKind::phone:
        return whole(match_phone(text, position, end));
    case PatternKind::honorific_name:
        return match_honorific_name(text, position, end);
    case PatternKind::birth_date:
        return match_birth_date(text, position, end);
    case PatternKind::address:
        return match_address(text, position, end);
    case PatternKind::nationality:
        return match_nationality(text, position, end);
    case PatternKind::income:
        return match_income(text, position, end);
    }
    return undecided;
}

} // namespace pm::detect
