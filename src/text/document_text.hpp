// Readable text of a part, whatever its format: plain text in any charset, HTML, OOXML, ODF, CSV, PDF.
#pragma once

#include "archive/archive_report.hpp"
#include "mime/message_tree.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace pm::text {

struct TextLimits {
    std::uint64_t max_text_bytes = 20ull << 20;  ///< UTF-8 output per call; the rest is cut off
    std::uint32_t max_parts = 1000;  ///< XML parts read from one OOXML/ODF package (truncated past it)
    std::uint32_t max_pdf_pages = 500;  ///< PDF pages read (truncated past it)
    unsigned max_xml_depth = 256;  ///< element nesting in one XML part (deeper is an error)
    /// Zip checks and sizes for OOXML/ODF packages: only the text parts are unpacked, each under
    /// max_member_bytes and all of them under max_extract_bytes (past either is an error).
    archive::ArchiveLimits archive{};
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

/// Extracts by sniffed type: text (converted from `charset`; empty or unknown: UTF-8 when valid,
/// else Windows-1252; ill-formed bytes become U+FFFD; CSV declared as text/csv or
/// application/vnd.ms-excel: cells TAB-separated, see csv_text.hpp), html (text whose
/// `declared_type` is text/html or application/xhtml+xml: converted, then html_to_text), ooxml
/// (docx document + headers/footers/notes/comments, xlsx shared strings and sheets, pptx slides
/// and notes), odf (content.xml, styles.xml), pdf (poppler-cpp). Every other type is an empty
/// text. Errors (corrupt package, malformed XML, a DTD, a PDF that cannot be opened) name the
/// problem and the part, never content. Bounded by `limits`. Thread-safe.
TextResult extract_text(std::string_view bytes, mime::SniffedType type, std::string_view declared_type,
    std::string_view charset, const TextLimits& limits);

} // namespace pm::text
