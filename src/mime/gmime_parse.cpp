// GMime set-up and one parse of a buffer, with the parser's structural warnings collected.
#include "mime/gmime_parse.hpp"

#include <fmt/format.h>

#include <mutex>
#include <optional>

namespace pm::mime {

namespace {

constexpr std::size_t max_item_length = 64;

/// The item GMime passes (a header name, parameter name or subtype) when it is a plain token;
/// anything else could be message content and is left out of the reason.
std::string token_or_empty(const char* item)
{
    if (item == nullptr) {
        return {};
    }
    const std::string_view text(item);
    if (text.empty() || text.size() > max_item_length) {
        return {};
    }
    for (const char c : text) {
        const bool token = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == '+';
        if (!token) {
            return {};
        }
    }
    return std::string(text);
}

std::string with_item(std::string_view what, const std::string& item, std::string_view fallback)
{
    return item.empty() ? fmt::format("{} {}", what, fallback) : fmt::format("{} {}", what, item);
}

/// The reason for an `Unparseable` problem, or nullopt for warnings that leave the structure
/// unambiguous (identical duplicates, 8-bit headers, bad encoded words, odd addresses).
std::optional<std::string> structure_problem(unsigned code, const std::string& item)
{
    switch (static_cast<GMimeParserWarning>(code)) {
    case GMIME_CRIT_INVALID_HEADER_NAME:
        return "invalid header line (readers may disagree where the headers end)";
    case GMIME_CRIT_CONFLICTING_HEADER:
        return with_item("conflicting duplicate header", item, "(name not shown)");
    case GMIME_CRIT_CONFLICTING_PARAMETER:
        return with_item("conflicting duplicate header parameter", item, "(name not shown)");
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        return with_item(
            "multipart without boundary:", item.empty() ? item : "multipart/" + item, "multipart");
    case GMIME_CRIT_NESTING_OVERFLOW:
        return "MIME nesting overflow";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        return "MIME part without headers or content";
    case GMIME_WARN_TRUNCATED_MESSAGE:
        return "truncated message (missing closing boundary or end of headers)";
    case GMIME_WARN_MALFORMED_MULTIPART:
        return with_item("malformed multipart (closed by a parent boundary):",
            item.empty() ? item : "multipart/" + item, "multipart");
    case GMIME_WARN_MALFORMED_MESSAGE:
        return "malformed message (the parser stopped in error)";
    default:
        return std::nullopt;
    }
}

/// RFC 5322 section 3.5: the empty line and the body are optional. Without the empty line the
/// whole input is header section, GMime calls that truncated, yet there is no body to misread.
bool has_body_separator(std::string_view bytes)
{
    return bytes.starts_with("\n") || bytes.starts_with("\r\n")
        || bytes.find("\n\n") != std::string_view::npos || bytes.find("\n\r\n") != std::string_view::npos;
}

extern "C" void on_parser_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer sink)
{
    static_cast<ParserWarnings*>(sink)->record(offset, static_cast<unsigned>(code), item);
}

} // namespace

void ensure_gmime_initialised()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

void ParserWarnings::record(std::int64_t offset, unsigned code, const char* item) noexcept
{
    try {
        const std::uint64_t bit = code < 64 ? std::uint64_t{1} << code : 0;
        if ((m_seen & bit) != 0) {
            return;  // one reason per kind: a hostile message must not grow this without bound
        }
        m_seen |= bit;
        const auto reason = structure_problem(code, token_or_empty(item));
        if (!reason) {
            return;
        }
        m_problems.push_back(offset >= 0 ? fmt::format("{} at byte {}", *reason, offset) : *reason);
    } catch (...) {
        // Out of memory inside a C callback: nothing may cross the C boundary. Record that the
        // structure could not be checked, if even that fits.
        try {
            if (m_problems.empty()) {
                m_problems.emplace_back("parser warnings could not be recorded");
            }
        } catch (...) {
        }
    }
}

void ParserWarnings::ignore(unsigned code) noexcept
{
    m_seen |= code < 64 ? std::uint64_t{1} << code : 0;
}

ParsedMessage parse_with_gmime(std::string_view bytes)
{
    ensure_gmime_initialised();
    ParsedMessage parsed;
    if (!has_body_separator(bytes)) {
        parsed.m_warnings->ignore(GMIME_WARN_TRUNCATED_MESSAGE);
    }
    const auto stream = adopt(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    const auto parser = adopt(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    const ParserOptionsPtr options(g_mime_parser_options_new());
    // Every object GMime builds keeps a clone of these options, callback and sink included.
    g_mime_parser_options_set_warning_callback(options.get(), &on_parser_warning, parsed.m_warnings.get());
    parsed.m_message = adopt(g_mime_parser_construct_message(parser.get(), options.get()));
    return parsed;
}

} // namespace pm::mime
