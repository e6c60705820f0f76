// Text of Office Open XML packages: docx, xlsx, pptx (ECMA-376 Part 1; OPC part names as Office writes them).
#pragma once

#include "text/document_text.hpp"
#include "text/markup_text.hpp"
#include "text/package_parts.hpp"
#include "text/text_sink.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace pm::text {

/// Writes the text of `package` into `sink`: docx (word/document.xml, then headers, footers,
/// footnotes, endnotes, comments), xlsx (xl/worksheets/sheetN.xml with xl/sharedStrings.xml),
/// pptx (ppt/slides/slideN.xml, then notes). A package with none of these main parts, or a part
/// that cannot be read, is an error.
std::expected<void, std::string> ooxml_text(Package& package, const TextLimits& limits, TextSink& sink);

/// Writes the text of the xlsx in `package` (see ooxml_text).
std::expected<void, std::string> spreadsheet_text(Package& package, const TextLimits& limits, TextSink& sink);

/// Names of `names` that are `prefix` + decimal number + `suffix` ("word/header" 3 ".xml"), by
/// number; `prefix` + `suffix` alone sorts first.
std::vector<std::string> numbered_parts(
    const std::vector<std::string>& names, std::string_view prefix, std::string_view suffix);

/// Reads the parts called `name` and writes their text into `sink` by `rules`; at most
/// `limits.max_parts` parts over one document (`parts_read` counts them).
std::expected<void, std::string> markup_part_text(Package& package, std::string_view name,
    const MarkupRules& rules, const TextLimits& limits, TextSink& sink, std::uint32_t& parts_read);

} // namespace pm::text
