// A small, linear HTML-to-text converter: enough to read what a mail client shows, and what it hides.
#include "text/html_text.hpp"

#include "core/utf8.hpp"

#include "core/address.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace pm::text {

namespace {

constexpr std::array block_tags = {
    std::string_view{"p"}, std::string_view{"div"}, std::string_view{"br"},
    std::string_view{"li"},
    std::string_view{"h1"}, std::string_view{"h2"}, std::string_view{"h3"}, std::string_view{"h4"},
    std::string_view{"h5"}, std::string_view{"h6"}, std::string_view{"ul"}, std::string_view{"ol"},
    std::string_view{"blockquote"}, std::string_view{"pre"}, std::string_view{"hr"},
    std::string_view{"title"}, std::string_view{"body"}, std::string_view{"head"}, std::string_view{"html"},
};

struct NamedEntity {
    std::string_view name;
    std::uint32_t code_point;
};

constexpr std::array named_entities = {
    NamedEntity{"amp", '&'}, NamedEntity{"lt", '<'}, NamedEntity{"gt", '>'}, NamedEntity{"quot", '"'},
    NamedEntity{"apos", '\''}, NamedEntity{"nbsp", 0xA0}, NamedEntity{"euro", 0x20AC},
    NamedEntity{"eacute", 0xE9}, NamedEntity{"egrave", 0xE8}, NamedEntity{"euml", 0xEB},
    NamedEntity{"ecirc", 0xEA}, NamedEntity{"iuml", 0xEF}, NamedEntity{"ouml", 0xF6},
    NamedEntity{"uuml", 0xFC}, NamedEntity{"auml", 0xE4}, NamedEntity{"agrave", 0xE0},
    NamedEntity{"ccedil", 0xE7}, NamedEntity{"deg", 0xB0}, NamedEntity{"ndash", 0x2013},
    NamedEntity{"mdash", 0x2014}, NamedEntity{"rsquo", 0x2019}, NamedEntity{"lsquo", 0x2018},
    NamedEntity{"rdquo", 0x201D}, NamedEntity{"ldquo", 0x201C}, NamedEntity{"shy", 0xAD},
    NamedEntity{"zwj", 0x200D}, NamedEntity{"zwnj", 0x200C},
};

// Decodes the entity at html[i] == '&'; returns the number of bytes consumed (0: not an entity).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out)
{
    const std::size_t end = html.find(';', i + 1);
    if (end == std::string_view::npos || end - i > 12) {
        return 0;
    }
    const std::string_view body = html.substr(i + 1, end - i - 1);
    if (body.size() >= 2 && body[0] == '#') {
        std::uint32_t cp = 0;
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        if (ec != std::errc{} || ptr != digits.data() + digits.size()) {
            return 0;
        }
        append_utf8(out, cp);
        return end - i + 1;
    }
    for (const NamedEntity& e : named_entities) {
        if (e.name == body) {
            // Soft hyphens and zero-width joiners would split a number the reader sees whole.
            if (e.code_point != 0xAD && e.code_point != 0x200D && e.code_point != 0x200C) {
                append_utf8(out, e.code_point == 0xA0 ? ' ' : e.code_point);
            }
            return end - i + 1;
        }
    }
    return 0;
}

std::string tag_name(std::string_view tag)
{
    std::size_t i = 0;
    if (i < tag.size() && tag[i] == '/') {
        ++i;
    }
    const std::size_t start = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) != 0)) {
        ++i;
    }
    return ascii_lower(tag.substr(start, i - start));
}

bool is_block(const std::string& name)
{
    for (std::string_view b : block_tags) {
        if (b == name) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string html_to_text(std::string_view html)
{
    std::string out;
    out.reserve(html.size() / 2);
    // A line end or cell break owed before the next text: the strongest wins (' ' < '\t' < '\n'),
    // so nested blocks and a cell's own paragraphs do not pile up.
    char pending = 0;
    const auto separate = [&pending](char separator) {
        const auto rank = [](char c) { return c == '\n' ? 3 : c == '\t' ? 2 : c == ' ' ? 1 : 0; };
        if (rank(separator) > rank(pending)) {
            pending = separator;
        }
    };
    const auto flush = [&] {
        if (pending != 0 && !out.empty()) {
            out += pending;
        }
        pending = 0;
    };
    bool in_cell = false;
    std::size_t cells_in_row = 0;
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (html.substr(i, 4) == "<!--") {
                const std::size_t end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            const std::size_t end = html.find('>', i + 1);
            if (end == std::string_view::npos) {
                break;  // an unterminated tag hides nothing readable after it
            }
            const std::string_view tag = html.substr(i + 1, end - i - 1);
            const std::string name = tag_name(tag);
            const bool opening = !tag.starts_with('/') && !tag.ends_with('/');
            i = end + 1;
            if (opening && (name == "script" || name == "style")) {
                const std::string close = "</" + name;
                std::size_t at = i;
                while (at < html.size()) {
                    at = html.find("</", at);
                    if (at == std::string_view::npos || ascii_lower(html.substr(at, close.size())) == close) {
                        break;
                    }
                    at += 2;
                }
                i = at == std::string_view::npos ? html.size() : at;
                continue;
            }
            // Table cells of a row are TAB-separated, as in documents ("Naam<TAB>Sarah Janssens");
            // a paragraph or line break inside a cell is a space.
            if (name == "td" || name == "th") {
                in_cell = opening;
                if (opening) {
                    if (cells_in_row++ > 0) {
                        pending = '\t';
                    } else {
                        separate('\n');
                    }
                }
                continue;
            }
            if (name == "tr" || name == "table") {
                in_cell = false;
                cells_in_row = 0;
                separate('\n');
                continue;
            }
            if (is_block(name)) {
                separate(in_cell ? ' ' : '\n');
            }
            continue;
        }
        if (c == '&') {
            flush();
            if (const std::size_t used = decode_entity(html, i, out); used > 0) {
                i += used;
                continue;
            }
        }
        // Source line breaks are spaces in HTML; collapse runs of white space.
        if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
            if (pending == 0 && !out.empty() && out.back() != ' ' && out.back() != '\n' && out.back() != '\t') {
                out += ' ';
            }
            ++i;
            continue;
        }
        flush();
        out += c;
        ++i;
    }
    if (pending == '\n' && !out.empty()) {
        out += '\n';
    }
    return out;
}

} // namespace pm::text
