// UTF-8 words for the lexicons: which code points are letters, and case/accent folding.
#pragma once

#include "core/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace pm::detect {

using pm::CodePoint;

/// Decodes the code point at `at` (which must be < text.size()); see core/utf8.hpp.
inline CodePoint decode_at(std::string_view text, std::size_t at)
{
    return decode_utf8_at(text, at);
}

/// The start of the code point that ends just before `at` (0 when at == 0).
std::size_t previous_start(std::string_view text, std::size_t at);

/// Letters of the scripts the lexicons cover: ASCII, Latin-1/Latin Extended, Greek, Cyrillic.
bool is_letter(char32_t c);

/// Whether a letter or digit touches position `at` from the left or from the right: then a
/// match starting/ending at `at` would sit inside another word.
bool letter_or_digit_before(std::string_view text, std::size_t at);
bool letter_or_digit_after(std::string_view text, std::size_t at);

/// Appends `c` lower-cased and without accents (é -> e, Ç -> c, ß -> ss) to `out`, as UTF-8.
void append_folded(std::string& out, char32_t c);

/// `text` folded letter by letter (see append_folded); other characters are kept.
std::string fold(std::string_view text);

/// The same, appended to `out` (which keeps its capacity between calls).
void fold_into(std::string& out, std::string_view text);

} // namespace pm::detect
