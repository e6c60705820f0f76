// charset_to_utf8: iconv(3) with replacement of ill-formed input, UTF-8 detection for the rest.
#include "text/charset_text.hpp"

#include "mime/utf8_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <iconv.h>
#include <memory>
#include <type_traits>

namespace pm::text {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t max_charset_name = 40;

// glibc's iconv_t is a plain `void*`.
struct IconvClose {
    void operator()(iconv_t cd) const { iconv_close(cd); }
};
using IconvHandle = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvClose>;

/// Lower-cased charset name, or empty when it has characters no charset name has (which also
/// keeps iconv suffixes such as "//TRANSLIT" out).
std::string normalise(std::string_view charset)
{
    std::string name;
    if (charset.size() > max_charset_name) {
        return name;
    }
    for (const char c : charset) {
        const auto byte = static_cast<unsigned char>(c);
        if (!std::isalnum(byte) && c != '-' && c != '_' && c != '.' && c != ':' && c != '+') {
            return {};
        }
        name.push_back(static_cast<char>(std::tolower(byte)));
    }
    return name;
}

bool is_utf8_name(std::string_view name)
{
    return name == "utf-8" || name == "utf8";
}

bool is_generic_name(std::string_view name)
{
    return name.empty() || name == "us-ascii" || name == "ascii" || name == "unknown-8bit"
        || name == "x-unknown" || name == "default" || name == "x-user-defined";
}

bool is_latin1_name(std::string_view name)
{
    return name == "iso-8859-1" || name == "iso8859-1" || name == "iso_8859-1" || name == "latin1"
        || name == "l1" || name == "cp819" || name == "ibm819";
}

std::string utf8_as_is(std::string_view bytes, std::uint64_t max_bytes)
{
    if (bytes.starts_with(utf8_bom)) {
        bytes.remove_prefix(utf8_bom.size());
    }
    // A little past the cap so the caller sees that it was passed.
    const std::string_view head
        = bytes.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), max_bytes + 4)));
    return mime::to_valid_utf8(head);
}

IconvHandle open_converter(const std::string& from)
{
    const iconv_t cd = iconv_open("UTF-8", from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return nullptr;
    }
    return IconvHandle(cd);
}

std::string convert(iconv_t cd, std::string_view bytes, std::uint64_t max_bytes)
{
    std::string out;
    std::array<char, 16384> buffer{};
    // iconv(3) takes char** for the input although it does not write through it.
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0 && out.size() <= max_bytes) {
        char* next = buffer.data();
        std::size_t out_left = buffer.size();
        const std::size_t rc = iconv(cd, &in, &in_left, &next, &out_left);
        out.append(buffer.data(), static_cast<std::size_t>(next - buffer.data()));
        if (rc != static_cast<std::size_t>(-1)) {
            continue;
        }
        if (errno == E2BIG) {
            continue; // buffer full: drain and go on
        }
        // EILSEQ (ill-formed) or EINVAL (cut at the end): one replacement, skip one byte, reset.
        out.append(replacement);
        ++in;
        --in_left;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    return out;
}

} // namespace

std::string charset_to_utf8(std::string_view bytes, std::string_view charset, std::uint64_t max_bytes)
{
    std::string name = normalise(charset);
    if (is_utf8_name(name)) {
        return utf8_as_is(bytes, max_bytes);
    }
    if (is_generic_name(name)) {
        if (mime::is_valid_utf8(bytes)) {
            return utf8_as_is(bytes, max_bytes);
        }
        name = "windows-1252";
    } else if (is_latin1_name(name)) {
        name = "windows-1252";
    }
    IconvHandle converter = open_converter(name);
    if (!converter) {
        if (mime::is_valid_utf8(bytes)) {
            return utf8_as_is(bytes, max_bytes);
        }
        converter = open_converter("windows-1252");
        if (!converter) {
            return utf8_as_is(bytes, max_bytes); // no iconv data at all: replacement characters
        }
    }
    return convert(converter.get(), bytes, max_bytes);
}

} // namespace pm::text
