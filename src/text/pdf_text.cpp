// pdf_text: poppler::document with empty passwords, page texts in order.
#include "text/pdf_text.hpp"

#include <poppler-document.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace pm::text {

std::string columns_to_tabs(std::string_view layout)
{
    constexpr std::size_t column_gap = 3;
    std::string out;
    out.reserve(layout.size());
    std::size_t at = 0;
    while (at < layout.size()) {
        if (layout[at] != ' ') {
            out += layout[at++];
            continue;
        }
        const std::size_t end = std::min(layout.find_first_not_of(' ', at), layout.size());
        const bool inside_line = !out.empty() && out.back() != '\n' && end < layout.size()
            && layout[end] != '\n' && layout[end] != '\r';
        if (inside_line && end - at >= column_gap) {
            out += '\t';
        } else {
            out.append(layout.substr(at, end - at));
        }
        at = end;
    }
    return out;
}

std::expected<void, std::string> pdf_text(std::string_view bytes, const TextLimits& limits, TextSink& sink)
{
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        return std::unexpected(std::string("PDF cannot be opened (too large)"));
    }
    // poppler reads `bytes` in place for the life of the document.
    const std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!document) {
        return std::unexpected(std::string("PDF cannot be opened"));
    }
    if (document->is_locked()) {
        return std::unexpected(std::string("PDF cannot be opened (password required)"));
    }
    const int pages = document->pages();
    for (int index = 0; index < pages && !sink.full(); ++index) {
        if (static_cast<std::uint32_t>(index) >= limits.max_pdf_pages) {
            sink.mark_truncated();
            break;
        }
        const std::unique_ptr<poppler::page> page(document->create_page(index));
        if (!page) {
            continue; // a broken page object: the other pages still count
        }
        const poppler::byte_array utf8
            = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
        sink.text(columns_to_tabs(std::string_view(utf8.data(), utf8.size())));
        sink.separator('\n');
    }
    return {};
}

} // namespace pm::text
