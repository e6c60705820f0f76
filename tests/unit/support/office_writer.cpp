// Test-side OOXML writer: the package parts Word and Excel write, zipped by the real `zip`.
#include "support/office_writer.hpp"

#include "support/text_layout.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <ranges>

namespace pm::test {

namespace {

constexpr std::string_view sheet_namespace
    = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

/// Spreadsheet column letters: 0 -> A, 25 -> Z, 26 -> AA.
std::string column_name(std::size_t index)
{
    std::string name;
    for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

} // namespace

std::string office_xml(std::string_view body)
{
    return std::string(office_xml_declaration) + std::string(body);
}

std::string ooxml_content_types(std::string_view main_type, std::string_view main_part)
{
    return office_xml("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                      "<Default Extension=\"rels\" "
                      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                      "<Default Extension=\"png\" ContentType=\"image/png\"/>"
                      "<Override PartName=\"/"
        + std::string(main_part) + "\" ContentType=\"" + std::string(main_type) + "\"/></Types>");
}

std::string ooxml_package_rels(std::string_view main_part)
{
    return office_xml(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\""
        + std::string(main_part) + "\"/></Relationships>");
}

std::string word_part(std::string_view root, std::string_view body)
{
    return office_xml("<w:" + std::string(root) + " " + std::string(word_namespaces) + ">" + std::string(body)
        + "</w:" + std::string(root) + ">");
}

std::string word_paragraph(std::string_view xml_text)
{
    return "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:tabs><w:tab w:val=\"left\" "
           "w:pos=\"720\"/></w:tabs></w:pPr>"
           "<w:r><w:rPr><w:lang w:val=\"nl-BE\"/></w:rPr><w:t xml:space=\"preserve\">"
        + std::string(xml_text) + "</w:t></w:r></w:p>";
}

std::string word_cell(std::string_view xml_text)
{
    return "<w:tc><w:tcPr><w:tcW w:w=\"4000\" w:type=\"dxa\"/></w:tcPr>" + word_paragraph(xml_text)
        + "</w:tc>";
}

std::string word_table(const std::vector<std::vector<std::string>>& rows)
{
    std::string table = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" "
                        "w:type=\"auto\"/></w:tblPr>";
    for (const auto& row : rows) {
        table += "<w:tr>";
        for (const std::string& text : row) {
            table += word_cell(xml_escape(text));
        }
        table += "</w:tr>";
    }
    return table + "</w:tbl>";
}

std::string make_docx(std::string_view body, std::vector<ArchiveMember> extra)
{
    std::vector<ArchiveMember> members {
        { "[Content_Types].xml",
            ooxml_content_types(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "word/document.xml") },
        { "_rels/.rels", ooxml_package_rels("word/document.xml") },
        { "word/document.xml",
            word_part("document",
                "<w:body>" + std::string(body)
                    + "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body>") },
    };
    std::ranges::move(extra, std::back_inserter(members));
    return make_zip(members);
}

std::string make_xlsx(std::string_view shared_strings, const std::vector<std::string>& sheets)
{
    const std::string ns(sheet_namespace);
    std::vector<ArchiveMember> members {
        { "[Content_Types].xml",
            ooxml_content_types("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "xl/workbook.xml") },
        { "_rels/.rels", ooxml_package_rels("xl/workbook.xml") },
        { "xl/workbook.xml",
            office_xml(
                "<workbook " + ns + "><sheets><sheet name=\"Blad1\" sheetId=\"1\"/></sheets></workbook>") },
        { "xl/sharedStrings.xml", office_xml("<sst " + ns + ">" + std::string(shared_strings) + "</sst>") },
    };
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        members.push_back({ "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml",
            office_xml("<worksheet " + ns + "><sheetData>" + sheets[i] + "</sheetData></worksheet>") });
    }
    return make_zip(members);
}

std::string word_body_from_text(std::string_view text)
{
    std::string body;
    std::vector<std::vector<std::string>> rows;
    for (const std::string& line : text_lines(text)) {
        if (line.find('\t') != std::string::npos) {
            rows.push_back(tab_cells(line));
            continue;
        }
        if (!rows.empty()) {
            body += word_table(rows);
            rows.clear();
        }
        body += line.empty() ? std::string("<w:p/>") : word_paragraph(xml_escape(line));
    }
    if (!rows.empty()) {
        body += word_table(rows) + "<w:p/>"; // Word always ends a body with a paragraph
    }
    return body;
}

std::string docx_from_text(std::string_view text)
{
    return make_docx(word_body_from_text(text));
}

std::string xlsx_from_text(std::string_view text)
{
    std::map<std::string, std::size_t> index;
    std::string shared;
    std::string sheet;
    const std::vector<std::string> lines = text_lines(text);
    for (std::size_t row = 0; row < lines.size(); ++row) {
        if (lines[row].empty()) {
            continue;
        }
        const std::string r = std::to_string(row + 1);
        sheet += "<row r=\"" + r + "\">";
        const std::vector<std::string> cells = tab_cells(lines[row]);
        for (std::size_t column = 0; column < cells.size(); ++column) {
            if (cells[column].empty()) {
                continue;
            }
            const auto [at, added] = index.try_emplace(cells[column], index.size());
            if (added) {
                shared += "<si><t xml:space=\"preserve\">" + xml_escape(cells[column]) + "</t></si>";
            }
            sheet += "<c r=\"" + column_name(column) + r + "\" t=\"s\"><v>" + std::to_string(at->second)
                + "</v></c>";
        }
        sheet += "</row>";
    }
    return make_xlsx(shared, { sheet });
}

} // namespace pm::test
