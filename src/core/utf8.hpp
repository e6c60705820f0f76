// UTF-8 encoding of code points, shared by every reader that turns other encodings into UTF-8.
#pragma once

#include <cstdint>
#include <string>

namespace pm {

/// Appends `code_point` as UTF-8; surrogates, 0 and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, std::uint32_t code_point);

} // namespace pm
