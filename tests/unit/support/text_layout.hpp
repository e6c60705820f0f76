// Plain text laid out as other formats do it: lines, TAB-separated cells, paragraphs and tables,
// an HTML body as a mail client writes it, a CSV file as Belgian Excel saves it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::test {

/// `text` with &, <, > and " as entity references (XML and HTML text and attribute values).
std::string xml_escape(std::string_view text);

/// The lines of `text` (split at '\n'; a final '\n' does not start another line).
std::vector<std::string> text_lines(std::string_view text);

/// The TAB-separated cells of `line` (a line without TAB is one cell).
std::vector<std::string> tab_cells(std::string_view line);

/// An HTML mail body as Outlook writes it: a style sheet, consecutive lines a <p> with <br>
/// between them, an empty line an empty paragraph (<p><o:p>&nbsp;</o:p></p>), runs of
/// "Label<TAB>value" lines a real <table> whose cells hold a <p>; text HTML-escaped, UTF-8.
std::string html_from_text(std::string_view text);

/// `utf8` in Windows-1252 (the ANSI code page of Belgian Windows). Throws std::runtime_error on a
/// character Windows-1252 has no byte for.
std::string to_windows_1252(std::string_view utf8);

/// A CSV file as Excel on Belgian Windows saves it ("CSV (gescheiden door lijstscheidingsteken)"):
/// one record per line, the TAB-separated cells as fields, ';' between fields, CRLF record ends,
/// a field with ';', '"', CR or LF quoted and its '"' doubled (RFC 4180 section 2), Windows-1252.
std::string csv_from_text(std::string_view text);

} // namespace pm::test
