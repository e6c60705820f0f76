// Test-side OOXML documents (docx, xlsx) zipped at test time by the real `zip` (support/archive_tool),
// both from raw WordprocessingML/SpreadsheetML and from plain text laid out as Word and Excel would.
#pragma once

#include "support/archive_tool.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::test {

/// The XML declaration Office writes first in every part.
inline constexpr std::string_view office_xml_declaration
    = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The w: (WordprocessingML) and r: (relationships) namespace declarations of a Word part.
inline constexpr std::string_view word_namespaces
    = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// office_xml_declaration, then `body`.
std::string office_xml(std::string_view body);

/// [Content_Types].xml: defaults for .rels and .xml (and the image types), one override for the main part.
std::string ooxml_content_types(std::string_view main_type, std::string_view main_part);

/// _rels/.rels pointing at the main part (officeDocument relationship).
std::string ooxml_package_rels(std::string_view main_part);

/// A WordprocessingML part `<w:root ...>body</w:root>` with the w: and r: namespaces declared.
std::string word_part(std::string_view root, std::string_view body);

/// One Normal paragraph with one nl-BE run whose text is `xml_text` (already escaped).
std::string word_paragraph(std::string_view xml_text);

/// One table cell holding word_paragraph(xml_text).
std::string word_cell(std::string_view xml_text);

/// A table, one w:tr per row, one w:tc per cell (cells are plain text, escaped here).
std::string word_table(const std::vector<std::vector<std::string>>& rows);

/// A docx whose word/document.xml has `body` inside <w:body>, plus `extra` members (added after
/// the three required ones, in order).
std::string make_docx(std::string_view body, std::vector<ArchiveMember> extra = {});

/// An xlsx with one workbook, xl/sharedStrings.xml holding `shared_strings` (the <si> elements)
/// and one worksheet per entry of `sheets` (the <row> elements of its sheetData).
std::string make_xlsx(std::string_view shared_strings, const std::vector<std::string>& sheets);

/// Plain text as a Word user types it: each line a paragraph (an empty line an empty paragraph),
/// and runs of lines with a TAB ("Label<TAB>value", as copied from a form) a real table w:tbl.
/// Returns the w:body content for make_docx.
std::string word_body_from_text(std::string_view text);

/// make_docx(word_body_from_text(text)).
std::string docx_from_text(std::string_view text);

/// Plain text as one Excel sheet: line N is row N, its TAB-separated pieces the cells A, B, ...;
/// every cell a shared string (empty lines are rows without cells, so left out).
std::string xlsx_from_text(std::string_view text);

} // namespace pm::test
