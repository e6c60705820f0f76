// UTF-8 checks and clean-up for text that leaves src/mime (names, subjects, addresses).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pm::mime {

/// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF). With `allow_cut_tail`, an incomplete sequence at the very end is accepted: the
/// bytes are a prefix of something longer (a sniffing window).
bool is_valid_utf8(std::string_view bytes, bool allow_cut_tail = false);

/// `bytes` with every ill-formed sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

/// A short single-line label safe to log and put in replies: valid UTF-8, C0 controls, DEL and
/// bidirectional controls replaced by '_', cut to at most `max_bytes` on a character boundary.
std::string to_label_text(std::string_view bytes, std::size_t max_bytes);

} // namespace pm::mime
