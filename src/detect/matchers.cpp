// Hand-written matchers equivalent to RE2 patterns of patterns.cpp.
//
// What they must reproduce (RE2 20220601, re2.cc RE2::Match and dfa.cc): the search runs over
// text[position, end) with the whole text as *context*: a match consumes only bytes inside the
// range, but the empty-width assertions (`\b` and `^` here) look at the bytes on either side even
// when those lie outside it (text[position - 1], text[end]); only the real ends of `text` count as
// "no byte" (so `^` never holds at a position > 0, whatever the range). `\b` is an ASCII word boundary: [0-9A-Za-z_] on exactly one side. RE2's default
// semantics are leftmost-first: the match with the smallest start wins, and among the matches at
// that start the one a Perl-style backtracking matcher meets first (greedy quantifiers try more
// before fewer, alternatives and optional parts are tried left to right / present first).
//
// Each matcher below walks the start positions left to right and, per start, enumerates the
// pattern's choices in that backtracking order; the comments at each step say why a choice is
// forced or in which order the alternatives are tried. The honorific and birth-date matchers
// are written in continuation-passing style instead: each element of the expression is a
// function that tries its choices in Perl's order and calls the rest of the expression (the
// continuation) after each, stopping at the first success, which is backtracking itself, element
// for element. Those two and the address matcher (which follows the pattern's structure: see its
// section) decide only ranges of ASCII bytes, where \p{Lu} is [A-Z], \p{Ll} is [a-z], \p{L} is
// [A-Za-z] and case folding is ASCII's; any other range is left to RE2. The
// differential fuzzer (tests/fuzz/fuzz_matchers.cpp) compares all of them with RE2 on arbitrary
// bytes and ranges.
#include "detect/matchers.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace pm::detect {

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
// Continuation-passing elements over an ASCII range: `k` is the rest of the expression, called
// with the position after each choice in Perl's order; the first `true` ends the search.
// ---------------------------------------------------------------------------------------------

namespace {

char fold_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

/// Eight bytes from text[at] (at + 8 <= text.size()), in memory order from the low byte.
std::uint64_t load8(std::string_view text, std::size_t at)
{
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, text.data() + at, sizeof bytes);
    return bytes;
}

bool ascii_only(std::string_view text, std::size_t position, std::size_t end)
{
    std::size_t at = position;
    for (; at + 8 <= end; at += 8) {
        if ((load8(text, at) & high_bits) != 0) {
            return false;
        }
    }
    for (; at < end; ++at) {
        if (static_cast<unsigned char>(text[at]) >= 0x80) {
            return false;
        }
    }
    return true;
}

struct Ascii {
    std::string_view text;
    std::size_t end;  // nothing at or after `end` is consumed

    bool is(std::size_t at, char c) const { return at < end && text[at] == c; }
    bool is_digit(std::size_t at) const { return at < end && has(text[at], digit); }
    bool is_letter(std::size_t at) const { return at < end && has(text[at], letter); }

    /// `word` (lower case) in any case, as under (?i).
    template <typename K>
    bool folded(std::size_t at, std::string_view word, K&& k) const
    {
        if (word.size() > end - std::min(at, end)) {
            return false;
        }
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (fold_ascii(text[at + i]) != word[i]) {
                return false;
            }
        }
        return k(at + word.size());
    }

    /// `word` exactly.
    template <typename K>
    bool exact(std::size_t at, std::string_view word, K&& k) const
    {
        return word.size() <= end - std::min(at, end) && text.compare(at, word.size(), word) == 0 && k(at + word.size());
    }

    /// `c?` (c not a letter, so case does not matter): present first.
    template <typename K>
    bool optional(std::size_t at, char c, K&& k) const
    {
        return (is(at, c) && k(at + 1)) || k(at);
    }

    /// A greedy repetition of one class, {least, most} with least >= 1: the longest run first.
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
        return repeat(at, least, most, [](char c) { return has(c, letter); }, k);
    }
};

// ---------------------------------------------------------------------------------------------
// Honorific and name:
//   (?i:\b(?:mevrouw|mevr\.|meneer|mijnheer|dhr\.|de[ ]+heer|madame|mme|monsieur|mr\.?|mrs\.?|ms\.?))
//   [ ]+(\p{Lu}[\p{Ll}'’\-]+(?:[ ]+(?:(?:van|de|der|den|le|la|du)[ ]+)?\p{Lu}[\p{Ll}'’\-]+){0,2})
// Nothing follows group 1, so the first path through it that matches is the match.
// ---------------------------------------------------------------------------------------------

template <typename K>
bool title(const Ascii& m, std::size_t at, K&& k)
{
    for (const std::string_view word : { "mevrouw", "mevr.", "meneer", "mijnheer", "dhr." }) {
        if (m.folded(at, word, k)) {
            return true;
        }
    }
    const auto heer = [&](std::size_t after) { return m.spaces(after, [&](std::size_t p) { return m.folded(p, "heer", k); }); };
    if (m.folded(at, "de", heer)) {
        return true;
    }
    for (const std::string_view word : { "madame", "mme", "monsieur" }) {
        if (m.folded(at, word, k)) {
            return true;
        }
    }
    const auto dot = [&](std::size_t after) { return m.optional(after, '.', k); };
    return m.folded(at, "mr", dot) || m.folded(at, "mrs", dot) || m.folded(at, "ms", dot);
}

/// \p{Lu}[\p{Ll}'’\-]+ (ASCII: [A-Z][a-z'\-]+).
template <typename K>
bool capitalised(const Ascii& m, std::size_t at, K&& k)
{
    if (!(at < m.end && m.text[at] >= 'A' && m.text[at] <= 'Z')) {
        return false;
    }
    return m.repeat(at + 1, 1, SIZE_MAX, [](char c) { return (c >= 'a' && c <= 'z') || c == '\'' || c == '-'; }, k);
}

/// [ ]+(?:(?:van|de|der|den|le|la|du)[ ]+)?\p{Lu}[\p{Ll}'’\-]+ (the particle is case-sensitive).
template <typename K>
bool next_name(const Ascii& m, std::size_t at, K&& k)
{
    return m.spaces(at, [&](std::size_t word) {
        for (const std::string_view particle : { "van", "de", "der", "den", "le", "la", "du" }) {
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
// '°' and 'é' are not ASCII: in an ASCII range only the words can start a match, and [ée] is e.
// The lazy gap tries 0, 1, ... 30 characters. Nothing follows group 1 (the \b is inside the
// second alternative).
// ---------------------------------------------------------------------------------------------

template <typename K>
bool birth_label(const Ascii& m, std::size_t at, K&& k)
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
    if (m.folded(at, "ne", nee)) {
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
bool one_of(const Ascii& m, std::size_t at, bool (*in_class)(char), K&& k)
{
    return at < m.end && in_class(m.text[at]) && k(at + 1);
}

template <typename K>
bool written_date(const Ascii& m, std::size_t at, K&& k)
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
                    for (const std::string_view suffix : { "st", "nd", "rd", "th" }) {
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

Outcome match_honorific_name(std::string_view text, std::size_t position, std::size_t end)
{
    if (!ascii_only(text, position, end)) {
        return { Outcome::State::undecided, {} };
    }
    const Ascii m { text, end };
    for (std::size_t start = position; start < end; ++start) {
        const char first = fold_ascii(text[start]);
        if ((first != 'm' && first != 'd') || (start > 0 && has(text[start - 1], word))) {
            continue;  // every title starts with 'm' or 'd', a letter: `\b` needs a non-word before
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

Outcome match_birth_date(std::string_view text, std::size_t position, std::size_t end)
{
    if (!ascii_only(text, position, end)) {
        return { Outcome::State::undecided, {} };
    }
    const Ascii m { text, end };
    for (std::size_t start = position; start < end; ++start) {
        const char first = fold_ascii(text[start]);
        if ((first != 'g' && first != 'd' && first != 'n' && first != 'b') || (start > 0 && has(text[start - 1], word))) {
            continue;  // the labels start with these letters; `\b` needs a non-word byte before
        }
        Outcome found { Outcome::State::match, { { start, 0 }, { 0, 0 } } };
        const auto gap_then_date = [&](std::size_t label_end) {
            // [^\d\n]{0,30}?: fewest first.
            for (std::size_t gap = 0; gap <= 30; ++gap) {
                const std::size_t date = label_end + gap;
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
            }
            return false;
        };
        if (birth_label(m, start, gap_then_date)) {
            return found;
        }
    }
    return { Outcome::State::no_match, {} };
}

// ---------------------------------------------------------------------------------------------
// Address (patterns.cpp, address_pattern()), on an ASCII range, where \p{L} is [A-Za-z],
// \p{Lu} is [A-Z], \p{N} is [0-9], (?i) folds ASCII only, and the non-ASCII literals (’, é, è,
// the î of "boîte") never match:
//   CONTEXT = ^ | [^A-Za-z0-9'\-]
//   DUTCH   = (?:[A-Z][A-Za-z'.\-]*[ ]){0,3} [A-Za-z'\-]* (?i:straat|laan|...|square)
//   FRENCH  = (?i:rue|avenue|av\.|chaussee|boulevard|bd|place|chemin|allee|quai|square|impasse
//                 |dreve|route|clos|sentier|rempart) (?:[ ]+[A-Za-z'.\-]+){1,5}
//   CONTEXT ( (?:DUTCH|FRENCH) REST )
//   REST    = [ ]+[1-9]\d{0,3}(?:[ ]?[A-Za-z]\b)?
//             (?:[ ,]*(?i:bus|bte|b\.)[ ]?[A-Za-z0-9]{1,5})?
//             (?:[ ]*[,\n][ ]*|[ ]+-[ ]+|[ ]+)
//             [1-9]\d{3}[ ]+[A-Za-z][A-Za-z'\-]*(?:[ ][A-Z][A-Za-z'\-]*)?
//
// Starts. `^` holds only at the start of the whole text (RE2 checks the context, not the range:
// with position > 0 it never matches), and [^...] also takes '\n'. Group 1 starts with a letter,
// an apostrophe or a hyphen (every street does), which the context class excludes: at the text's
// start `^` and the class cannot both lead to a match, and every group-1 start g has one whole
// start (g after `^`, g - 1 after the class byte), in the same order. So the leftmost-first match
// is the first g, in text order, from which `(?:DUTCH|FRENCH) REST` matches, taking the first
// path in backtracking order.
//
// Streets. The path through the street matters only by where it ends (REST depends on nothing
// else), so each street alternative is a list of end positions in backtracking order:
// - DUTCH: a capitalised word's `[A-Za-z'.\-]*` is followed by `[ ]`, which it cannot take, so
//   it takes its whole run; the words form one fixed chain from g and the greedy {0,3} tries
//   K = most words (at most 3) first, then fewer. After K words, `[A-Za-z'\-]*` and a suffix
//   (letters) are followed by REST's `[ ]+`: every successful path ends exactly at the end of the
//   run of [A-Za-z'\-] from there (a shorter end is followed by a run byte, not a blank), so the
//   end for K is that run's end, if the run ends with a suffix (in any case); which suffix and
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
// most one of bus/bte/b. fits; `[ ]?` takes the blank when there is one (without it, the blank is
// no [A-Za-z0-9]); the count tries 5 down to 1. The separator's three forms each take all blanks
// (a blank is neither ',' '\n' '-' nor [1-9]), and at most one fits the byte after the blanks.
// The postcode is four digits and blanks; nothing follows the town, so its greedy parts take all
// they can and the optional second word is present when it fits: the first path from the
// postcode on is the only one tried.
// ---------------------------------------------------------------------------------------------

namespace {

bool is_ascii_letter(char c)
{
    return has(c, letter);
}

bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/// [A-Za-z'\-]: a town's letters, the street's run before its suffix.
bool name_char(char c)
{
    return has(c, letter) || c == '\'' || c == '-';
}

/// [A-Za-z'.\-]: the capitalised words before a Dutch suffix, the words after a French street.
bool word_char(char c)
{
    return name_char(c) || c == '.';
}

/// Every byte a street (either form) can consume: its words and blanks.
bool street_char(char c)
{
    return word_char(c) || c == ' ';
}

/// The Dutch suffixes and French street words, lower case, ASCII (the [ée] and [èe] are 'e').
constexpr std::array<std::string_view, 30> dutch_suffixes = { "straat", "laan", "weg", "plein", "steenweg", "dreef",
    "lei", "baan", "kaai", "markt", "singel", "dijk", "vest", "hof", "pad", "park", "berg", "veld", "wal", "ring",
    "dam", "gracht", "kouter", "dries", "heide", "bos", "hoek", "kant", "boulevard", "square" };
constexpr std::array<std::string_view, 17> french_streets = { "rue", "avenue", "av.", "chaussee", "boulevard", "bd",
    "place", "chemin", "allee", "quai", "square", "impasse", "dreve", "route", "clos", "sentier", "rempart" };

/// text[at, at + word.size()) is `word` in any case (word lower case), within `end`.
bool folded_at(std::string_view text, std::size_t at, std::size_t end, std::string_view word)
{
    if (at > end || word.size() > end - at) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (fold_ascii(text[at + i]) != word[i]) {
            return false;
        }
    }
    return true;
}

std::size_t skip_blanks(std::string_view text, std::size_t at, std::size_t end)
{
    while (at < end && text[at] == ' ') {
        ++at;
    }
    return at;
}

template <typename Class>
std::size_t skip_run(std::string_view text, std::size_t at, std::size_t end, Class in_class)
{
    while (at < end && in_class(text[at])) {
        ++at;
    }
    return at;
}

/// From the postcode on: the end of the match, or nullopt.
std::optional<std::size_t> postcode_and_town(std::string_view text, std::size_t at, std::size_t end)
{
    // [1-9]\d{3}[ ]+\p{L}
    if (at + 4 > end || text[at] < '1' || text[at] > '9' || !has(text[at + 1], digit) || !has(text[at + 2], digit)
        || !has(text[at + 3], digit)) {
        return std::nullopt;
    }
    const std::size_t town = skip_blanks(text, at + 4, end);
    if (town == at + 4 || town >= end || !is_ascii_letter(text[town])) {
        return std::nullopt;
    }
    // [\p{L}'’\-]*(?:[ ]\p{Lu}[\p{L}'’\-]*)?
    const std::size_t town_end = skip_run(text, town + 1, end, name_char);
    if (town_end + 1 < end && text[town_end] == ' ' && is_upper(text[town_end + 1])) {
        return skip_run(text, town_end + 2, end, name_char);
    }
    return town_end;
}

/// (?:[ ]*[,\n][ ]*|[ ]+-[ ]+|[ ]+) and the postcode and town.
std::optional<std::size_t> separator_postcode_town(std::string_view text, std::size_t at, std::size_t end)
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
    return std::nullopt;
}

/// (?:[ ,]*(?i:bus|bte|boîte|b\.)[ ]?[A-Za-z0-9]{1,5})? and the rest, from `at`.
std::optional<std::size_t> bus_and_rest(std::string_view text, std::size_t at, std::size_t end)
{
    const std::size_t word = skip_run(text, at, end, [](char c) { return c == ' ' || c == ','; });
    for (const std::string_view bus : { "bus", "bte", "b." }) {
        if (!folded_at(text, word, end, bus)) {
            continue;
        }
        std::size_t box = word + bus.size();
        if (box < end && text[box] == ' ') {
            ++box;  // `[ ]?` present first; without it the blank is no [A-Za-z0-9]
        }
        std::size_t run = 0;
        while (run < 5 && box + run < end && has(text[box + run], alnum)) {
            ++run;
        }
        for (; run > 0; --run) {
            if (const auto found = separator_postcode_town(text, box + run, end)) {
                return found;
            }
        }
    }
    return separator_postcode_town(text, at, end);
}

/// REST from the end of a street: the end of the match, or nullopt.
std::optional<std::size_t> house_number_and_rest(std::string_view text, std::size_t street_end, std::size_t end)
{
    const std::size_t number = skip_blanks(text, street_end, end);
    if (number == street_end || number >= end || text[number] < '1' || text[number] > '9') {
        return std::nullopt;
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
    return std::nullopt;
}

/// The end of the run of [A-Za-z'\-] from `at`, if that run ends with a Dutch suffix.
std::optional<std::size_t> dutch_street_end(std::string_view text, std::size_t at, std::size_t end)
{
    const std::size_t run_end = skip_run(text, at, end, name_char);
    if (run_end - at < 3) {
        return std::nullopt;  // the shortest suffix has three letters
    }
    const char last = fold_ascii(text[run_end - 1]);
    for (const std::string_view suffix : dutch_suffixes) {
        if (suffix.back() == last && suffix.size() <= run_end - at && folded_at(text, run_end - suffix.size(), end, suffix)) {
            return run_end;
        }
    }
    return std::nullopt;
}

/// The match from group 1's start g: its end, or nullopt.
std::optional<std::size_t> address_from(std::string_view text, std::size_t g, std::size_t end)
{
    std::array<std::size_t, 3 + 5 + 1> tried {};
    std::size_t tried_count = 0;
    const auto attempt = [&](std::size_t street_end) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < tried_count; ++i) {
            if (tried[i] == street_end) {
                return std::nullopt;
            }
        }
        if (tried_count < tried.size()) {
            tried[tried_count++] = street_end;
        }
        return house_number_and_rest(text, street_end, end);
    };
    // DUTCH: up to three capitalised words, each with one blank after it.
    std::array<std::size_t, 4> word_starts { g, 0, 0, 0 };
    std::size_t words = 0;
    while (words < 3) {
        const std::size_t at = word_starts[words];
        if (at >= end || !is_upper(text[at])) {
            break;
        }
        const std::size_t blank = skip_run(text, at + 1, end, word_char);
        if (blank >= end || text[blank] != ' ') {
            break;
        }
        word_starts[++words] = blank + 1;
    }
    for (std::size_t k = words + 1; k-- > 0;) {
        if (const auto street_end = dutch_street_end(text, word_starts[k], end)) {
            if (const auto found = attempt(*street_end)) {
                return found;
            }
        }
    }
    // FRENCH: a street word, then one to five words after blanks.
    for (const std::string_view street : french_streets) {
        if (!folded_at(text, g, end, street)) {
            continue;
        }
        std::array<std::size_t, 5> word_ends {};
        std::size_t count = 0;
        std::size_t at = g + street.size();
        while (count < 5) {
            const std::size_t word = skip_blanks(text, at, end);
            const std::size_t word_end = skip_run(text, word, end, word_char);
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
    return std::nullopt;
}

} // namespace

Outcome match_address(std::string_view text, std::size_t position, std::size_t end)
{
    if (!ascii_only(text, position, end)) {
        return { Outcome::State::undecided, {} };
    }
    // Every match needs REST after a street end q: a blank after a word byte, blanks, [1-9], and
    // the rest. A street consumes only street bytes (its words and blanks) and holds at most five
    // runs of blanks (DUTCH three single blanks, FRENCH five runs), so only a start g with
    // [g, q) made of street bytes and at most five runs of blanks can end on q. The search walks
    // the ends q whose REST matches in text order and tries, in text order, the starts not tried
    // before that could reach q; from each it tries every street end (later ones too), as RE2
    // would. Every start before `tried` was tried or cannot reach any later end.
    std::size_t tried = position;
    for (std::size_t block = position; block < end; block += 8) {
        // The digits of the block, eight bytes at a time: for ASCII bytes, b + 0x50 has its high
        // bit set when b >= '0', b + 0x46 when b > '9' (no carry crosses a byte).
        std::uint64_t digits = 0;
        if (block + 8 <= end) {
            const std::uint64_t bytes = load8(text, block);
            digits = (bytes + 0x5050505050505050ULL) & ~(bytes + 0x4646464646464646ULL) & high_bits;
        } else {
            for (std::size_t i = 0; block + i < end; ++i) {
                digits |= has(text[block + i], digit) ? 0x80ULL << (8 * i) : 0;
            }
        }
        for (; digits != 0; digits &= digits - 1) {
            const std::size_t number = block + static_cast<std::size_t>(std::countr_zero(digits)) / 8;
            // A house number: [1-9] after blanks after a word byte, all inside the range.
            if (text[number] == '0' || number < position + 2 || text[number - 1] != ' ') {
                continue;
            }
            std::size_t q = number - 1;
            while (q > position && text[q - 1] == ' ') {
                --q;
            }
            if (q == position || !word_char(text[q - 1]) || !house_number_and_rest(text, q, end)) {
                continue;
            }
            std::size_t first = q;
            std::size_t blank_runs = 0;
            while (first > tried && street_char(text[first - 1])) {
                if (text[first - 1] == ' ' && text[first] != ' ' && ++blank_runs > 5) {
                    break;
                }
                --first;
            }
            for (std::size_t g = first; g < q; ++g) {
                const char c = text[g];
                if (!name_char(c)) {
                    continue;  // every street starts with a letter, an apostrophe or a hyphen
                }
                std::size_t whole = g;
                if (g > 0) {
                    const char before = text[g - 1];
                    if (g - 1 < position || has(before, alnum) || before == '\'' || before == '-') {
                        continue;  // no `^` after the text's start; the class byte must lie in the range
                    }
                    whole = g - 1;
                }
                if (const auto match_end = address_from(text, g, end)) {
                    return { Outcome::State::match, { { whole, *match_end }, { g, *match_end } } };
                }
            }
            tried = q;
        }
    }
    return { Outcome::State::no_match, {} };
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
    case PatternKind::income:
        break;
    }
    return { Outcome::State::undecided, {} };
}

} // namespace pm::detect
