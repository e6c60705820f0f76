// Readable text of a part, whatever its format: plain text in any charset, HTML, OOXML, ODF, CSV, PDF.
#pragma once

#include "mime/message_tree.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace pm::text {

struct TextLimits {
    std::uint64_t max_text_bytes = 20ull << 20;  ///< UTF-8 output per call; the rest is cut off
};

struct ExtractedText {
    /// UTF-8. Paragraphs and table rows end with '\n'; table cells are separated by '\t' (so a
    /// "Label<TAB>value" pair reads like "Label: value"); runs of one paragraph are joined.
    std::string text;
    bool truncated = false;  ///< max_text_bytes was reached
};

/// Why a document that should have text could not be read (corrupt OOXML, a PDF poppler cannot
/// open, ...). "Not a text format" (images, binaries) is an empty text, not an error.
using TextResult = std::expected<ExtractedText, std::string>;

/// Extracts by sniffed type: text (converted from `charset`, default UTF-8 with Windows-1252
/// fallback for invalid bytes; CSV is text), html, ooxml (docx document + headers/footers, xlsx
/// shared strings and sheets, pptx slides), odf (content.xml), pdf (poppler-cpp). Bounded by
/// `limits` and by the archive limits for the zip containers. Thread-safe.
TextResult extract_text(std::string_view bytes, mime::SniffedType type, std::string_view declared_type,
    std::string_view charset, const TextLimits& limits);

} // namespace pm::text
