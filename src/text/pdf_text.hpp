// Text of a PDF through poppler-cpp.
#pragma once

#include "text/document_text.hpp"
#include "text/text_sink.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace pm::text {

/// Writes the text of each page (physical layout, so a label and its value stay on one line)
/// into `sink`, pages separated by '\n', at most `limits.max_pdf_pages` pages. Inside a line, a
/// gap of three or more spaces is a column jump (poppler pads columns with spaces) and becomes one
/// '\t', as table cells are in every other format ("Naam<TAB>Sarah Janssens"). A PDF poppler
/// cannot load, or one locked with a user password, is the error "PDF cannot be opened".
/// Thread-safe (one poppler document per call).
/// `layout` (poppler's physical-layout text) with every run of 3 or more spaces between two other
/// characters of a line replaced by one '\t'; leading and trailing spaces are kept.
std::string columns_to_tabs(std::string_view layout);

std::expected<void, std::string> pdf_text(std::string_view bytes, const TextLimits& limits, TextSink& sink);

} // namespace pm::text
