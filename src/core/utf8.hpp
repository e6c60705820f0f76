// UTF-8 encoding of code points, shared by every reader that turns other encodings into UTF-8.
#pragma once

#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>

namespace pm {

/// Appends `code_point` as UTF-8; surrogates, 0 and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, std::uint32_t code_point);

/// One decoded code point and its length in bytes (invalid bytes decode as U+FFFD, length 1).
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 1;
};

/// Decodes the code point at `at` (which must be < text.size()).
CodePoint decode_utf8_at(std::string_view text, std::size_t at);

} // namespace pm
