// Redaction of detected values for evidence strings.
#include "detect/redact.hpp"

#include "detect/words.hpp"


namespace pm::detect {

namespace {

bool is_alnum(char32_t c)
{
    return (c >= '0' && c <= '9') || is_letter(c);
}

} // namespace

std::string redact_national_number(std::string_view digits)
{
    if (digits.size() != 11) {
        return "**.**.**-***.**";
    }
    std::string out;
    out += digits.substr(0, 2);
    out += '.';
    out += digits.substr(2, 2);
    out += '.';
    out += digits.substr(4, 2);
    out += "-***.**";
    return out;
}

std::string redact_iban(std::string_view compact)
{
    std::string out;
    for (std::size_t i = 0; i < compact.size(); ++i) {
        if (i > 0 && i % 4 == 0) {
            out += ' ';
        }
        const bool keep = i < 4 || i + 4 >= compact.size();
        const char c = compact[i];
        out += keep ? static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : '*';
    }
    return out;
}

std::string redact_id_card(std::string_view digits)
{
    if (digits.size() != 12) {
        return "***-*******-**";
    }
    return std::string(digits.substr(0, 3)) + "-*******-**";
}

namespace {

/// decode_at with the ASCII case inline: most redacted values are ASCII.
CodePoint code_point_at(std::string_view text, std::size_t at)
{
    const auto byte = static_cast<unsigned char>(text[at]);
    return byte < 0x80 ? CodePoint { byte, 1 } : decode_at(text, at);
}

bool ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// redact_keep_ends, appended to `out`.
void append_keep_ends(std::string& out, std::string_view text, std::size_t keep_front, std::size_t keep_back)
{
    // Values are short: plain loops (an early exit keeps them from being vectorised for nothing).
    std::size_t ascii_total = 0;
    bool ascii = true;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
        ascii_total += ascii_alnum(c) ? 1 : 0;
    }
    if (ascii) {
        // ASCII (most values): one byte per code point, written in place.
        const std::size_t first = out.size();
        out.resize(first + text.size());
        char* to = out.data() + first;
        std::size_t index = 0;
        for (const char c : text) {
            if (ascii_alnum(c)) {
                *to++ = index < keep_front || index + keep_back >= ascii_total ? c : '*';
                ++index;
            } else {
                *to++ = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
            }
        }
        return;
    }
    std::size_t total = 0;
    for (std::size_t at = 0; at < text.size();) {
        const CodePoint cp = code_point_at(text, at);
        total += is_alnum(cp.value) ? 1 : 0;
        at += cp.length;
    }
    out.reserve(out.size() + text.size());
    std::size_t index = 0;
    for (std::size_t at = 0; at < text.size();) {
        const CodePoint cp = code_point_at(text, at);
        if (is_alnum(cp.value)) {
            const bool keep = index < keep_front || index + keep_back >= total;
            if (keep) {
                out += text.substr(at, cp.length);
            } else {
                out += '*';
            }
            ++index;
        } else {
            out += cp.value == '\t' || cp.value == '\n' || cp.value == '\r' ? std::string_view(" ")
                                                                           : text.substr(at, cp.length);
        }
        at += cp.length;
    }
}

} // namespace

std::string redact_keep_ends(std::string_view text, std::size_t keep_front, std::size_t keep_back)
{
    std::string out;
    append_keep_ends(out, text, keep_front, keep_back);
    return out;
}

std::string redact_email(std::string_view address)
{
    const std::size_t at_sign = address.rfind('@');
    if (at_sign == std::string_view::npos) {
        return redact_keep_ends(address, 1, 0);
    }
    const std::string_view local = address.substr(0, at_sign);
    const std::string_view domain = address.substr(at_sign + 1);
    const std::size_t last_dot = domain.rfind('.');
    std::string out;
    out.reserve(address.size());
    append_keep_ends(out, local, 1, 0);
    out += '@';
    if (last_dot == std::string_view::npos) {
        append_keep_ends(out, domain, 1, 0);
    } else {
        append_keep_ends(out, domain.substr(0, last_dot), 1, 0);
        out += domain.substr(last_dot);
    }
    return out;
}

std::string redact_words(std::string_view text, std::size_t max_code_points)
{
    std::string out;
    std::size_t written = 0;
    bool word_start = true;
    for (std::size_t at = 0; at < text.size();) {
        const CodePoint cp = decode_at(text, at);
        if (written == max_code_points) {
            out += "…";
            break;
        }
        if (is_alnum(cp.value)) {
            if (word_start && is_letter(cp.value)) {
                out += text.substr(at, cp.length);
            } else {
                out += '*';
            }
            word_start = false;
        } else {
            const bool blank = cp.value == ' ' || cp.value == '\t' || cp.value == '\n' || cp.value == '\r';
            out += blank ? std::string_view(" ") : (cp.length == 1 ? text.substr(at, 1) : std::string_view("*"));
            word_start = true;
        }
        ++written;
        at += cp.length;
    }
    return out;
}

} // namespace pm::detect
