// UTF-8 words for the lexicons: letters, case and accent folding.
#include "detect/words.hpp"

#include "core/utf8.hpp"

#include <array>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

// Base letters of U+00C0..U+00FF ('\0' where the code point is not a letter: × and ÷).
constexpr char latin1_base_chars[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                     "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
constexpr std::string_view latin1_base(latin1_base_chars, sizeof latin1_base_chars - 1);
static_assert(latin1_base.size() == 64);

bool is_digit(char32_t c)
{
    return c >= '0' && c <= '9';
}

/// The end of the run of ASCII bytes that starts at `at`: sixteen bytes at a time where SSE2 is
/// available (the high bit of each byte is its movemask bit).
std::size_t ascii_run_end(std::string_view text, std::size_t at)
{
#if defined(__SSE2__)
    for (; at + 16 <= text.size(); at += 16) {
        const auto high = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at))));
        if (high != 0) {
            return at + static_cast<std::size_t>(std::countr_zero(high));
        }
    }
#endif
    while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) {
        ++at;
    }
    return at;
}

} // namespace

std::size_t previous_start(std::string_view text, std::size_t at)
{
    if (at == 0) {
        return 0;
    }
    std::size_t start = at - 1;
    // At most three continuation bytes belong to one code point.
    while (start > 0 && at - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
        --start;
    }
    if (decode_at(text, start).length != at - start) {
        return at - 1;
    }
    return start;
}

bool is_letter(char32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
    }
    if (c < 0xC0) {
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    }
    if (c == 0xD7 || c == 0xF7) {
        return false;
    }
    return c <= 0x24F || (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x52F)
        || (c >= 0x1E00 && c <= 0x1EFF);
}

bool letter_or_digit_before(std::string_view text, std::size_t at)
{
    if (at == 0) {
        return false;
    }
    const char32_t c = decode_at(text, previous_start(text, at)).value;
    return is_letter(c) || is_digit(c);
}

bool letter_or_digit_after(std::string_view text, std::size_t at)
{
    if (at >= text.size()) {
        return false;
    }
    const char32_t c = decode_at(text, at).value;
    return is_letter(c) || is_digit(c);
}

void append_folded(std::string& out, char32_t c)
{
    if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c == 0xDF) {
        out += "ss";
    } else if (c >= 0xC0 && c <= 0xFF && latin1_base[c - 0xC0] != '\0') {
        out.push_back(latin1_base[c - 0xC0]);
    } else if (c == 0x152 || c == 0x153) {
        out += "oe";
    } else {
        append_utf8(out, c);
    }
}

void fold_into(std::string& out, std::string_view text)
{
    out.reserve(out.size() + text.size());
    for (std::size_t at = 0; at < text.size();) {
        // A run of ASCII bytes, lower-cased in one loop.
        const std::size_t run_end = ascii_run_end(text, at);
        if (run_end > at) {
            const std::size_t old_size = out.size();
            out.resize(old_size + (run_end - at));
            char* to = out.data() + old_size;
            for (std::size_t i = at; i < run_end; ++i) {
                const char c = text[i];
                *to++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
            }
            at = run_end;
            if (at == text.size()) {
                break;
            }
        }
        const CodePoint cp = decode_at(text, at);
        append_folded(out, cp.value);
        at += cp.length;
    }
}

std::string fold(std::string_view text)
{
    std::string out;
    fold_into(out, text);
    return out;
}

} // namespace pm::detect
