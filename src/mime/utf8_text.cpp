// UTF-8 validation (Unicode 15, table 3-7 "well-formed UTF-8 byte sequences") and clean-up.
#include "mime/utf8_text.hpp"

#include <algorithm>

namespace pm::mime {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// Length of the well-formed sequence at `at`, 0 when ill-formed, or -1 when the input ends
/// before a sequence that is well-formed so far is complete.
int sequence_length(std::string_view bytes, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        return 1;
    }
    int length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
            second_min = 0xA0;  // no overlong forms
        } else if (lead == 0xED) {
            second_max = 0x9F;  // no surrogates
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
            second_min = 0x90;  // no overlong forms
        } else if (lead == 0xF4) {
            second_max = 0x8F;  // nothing past U+10FFFF
        }
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (at + static_cast<std::size_t>(i) >= bytes.size()) {
            return -1;
        }
        const unsigned char next = byte(at + static_cast<std::size_t>(i));
        const unsigned char min = i == 1 ? second_min : 0x80;
        const unsigned char max = i == 1 ? second_max : 0xBF;
        if (next < min || next > max) {
            return 0;
        }
    }
    return length;
}

} // namespace

bool is_valid_utf8(std::string_view bytes, bool allow_cut_tail)
{
    std::size_t at = 0;
    while (at < bytes.size()) {
        const int length = sequence_length(bytes, at);
        if (length == -1) {
            return allow_cut_tail;
        }
        if (length == 0) {
            return false;
        }
        at += static_cast<std::size_t>(length);
    }
    return true;
}

std::string to_valid_utf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    std::size_t at = 0;
    while (at < bytes.size()) {
        const int length = sequence_length(bytes, at);
        if (length <= 0) {
            out += replacement_character;
            ++at;
            continue;
        }
        out.append(bytes.substr(at, static_cast<std::size_t>(length)));
        at += static_cast<std::size_t>(length);
    }
    return out;
}

namespace {

/// U+200E/U+200F marks, U+202A..U+202E embeddings and overrides, U+2066..U+2069 isolates: they
/// make "factuur<U+202E>fdp.exe" read as "factuurexe.pdf" in a report (CVE-2021-42574).
bool is_bidi_control(std::string_view sequence)
{
    if (sequence.size() != 3 || sequence[0] != '\xE2') {
        return false;
    }
    const auto second = static_cast<unsigned char>(sequence[1]);
    const auto third = static_cast<unsigned char>(sequence[2]);
    return (second == 0x80 && (third == 0x8E || third == 0x8F || (third >= 0xAA && third <= 0xAE)))
        || (second == 0x81 && third >= 0xA6 && third <= 0xA9);
}

} // namespace

std::string to_label_text(std::string_view bytes, std::size_t max_bytes)
{
    const std::string valid = to_valid_utf8(bytes);
    std::string out;
    out.reserve(std::min(valid.size(), max_bytes));
    std::size_t at = 0;
    while (at < valid.size()) {
        const auto length = static_cast<std::size_t>(sequence_length(valid, at));
        if (out.size() + length > max_bytes) {
            break;
        }
        const auto lead = static_cast<unsigned char>(valid[at]);
        const bool control = length == 1 && (lead < 0x20 || lead == 0x7F);
        if (control || is_bidi_control(std::string_view(valid).substr(at, length))) {
            out += '_';
        } else {
            out.append(valid, at, length);
        }
        at += length;
    }
    return out;
}

} // namespace pm::mime
