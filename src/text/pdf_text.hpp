// Text of a PDF through poppler-cpp.
#pragma once

#include "text/document_text.hpp"
#include "text/text_sink.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace pm::text {

/// Writes the text of each page (physical layout, so a label and its value stay on one line)
/// into `sink`, pages separated by '\n', at most `limits.max_pdf_pages` pages. A PDF poppler
/// cannot load, or one locked with a user password, is the error "PDF cannot be opened".
/// Thread-safe (one poppler document per call).
std::expected<void, std::string> pdf_text(std::string_view bytes, const TextLimits& limits, TextSink& sink);

} // namespace pm::text
