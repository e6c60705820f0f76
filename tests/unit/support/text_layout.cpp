// Plain text laid out as HTML and CSV, and the line/cell/block split the document writers share.
#include "support/text_layout.hpp"

#include "report/dpo_report.hpp"

#include <iconv.h>

#include <memory>
#include <stdexcept>
#include <type_traits>

namespace pm::test {

std::string xml_escape(std::string_view text)
{
    return report::html_escape(text);  // the same five entities are right in XML
}

std::vector<std::string> text_lines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(at));
            break;
        }
        lines.emplace_back(text.substr(at, end - at));
        at = end + 1;
    }
    return lines;
}

std::vector<std::string> tab_cells(std::string_view line)
{
    std::vector<std::string> cells;
    std::size_t at = 0;
    for (std::size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', at)) {
        cells.emplace_back(line.substr(at, tab - at));
        at = tab + 1;
    }
    cells.emplace_back(line.substr(at));
    return cells;
}

std::string html_from_text(std::string_view text)
{
    std::string html
        = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
          "<style><!--\np.MsoNormal { margin: 0cm; font-size: 11pt; font-family: \"Calibri\"; }\n"
          "table.MsoTableGrid { border-collapse: collapse; }\n--></style></head>\n"
          "<body lang=\"NL-BE\"><div class=\"WordSection1\">\n";
    enum class Open { nothing, paragraph, table } open = Open::nothing;
    const auto close = [&] {
        html += open == Open::paragraph ? "</p>\n" : open == Open::table ? "</table>\n" : "";
        open = Open::nothing;
    };
    for (const std::string& line : text_lines(text)) {
        if (line.empty()) {
            close();
            html += "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n";
        } else if (line.find('\t') != std::string::npos) {
            if (open != Open::table) {
                close();
                html += "<table class=\"MsoTableGrid\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\">\n";
                open = Open::table;
            }
            html += "<tr>";
            for (const std::string& cell : tab_cells(line)) {
                html += "<td width=\"302\" valign=\"top\"><p class=\"MsoNormal\">"
                    + (cell.empty() ? std::string("<o:p>&nbsp;</o:p>") : xml_escape(cell)) + "</p></td>";
            }
            html += "</tr>\n";
        } else if (open == Open::paragraph) {
            html += "<br>\n" + xml_escape(line);
        } else {
            close();
            html += "<p class=\"MsoNormal\">" + xml_escape(line);
            open = Open::paragraph;
        }
    }
    close();
    return html + "</div></body></html>\n";
}

std::string to_windows_1252(std::string_view utf8)
{
    struct Close {
        void operator()(iconv_t cd) const { iconv_close(cd); }
    };
    const std::unique_ptr<std::remove_pointer_t<iconv_t>, Close> cd(iconv_open("WINDOWS-1252", "UTF-8"));
    if (cd.get() == reinterpret_cast<iconv_t>(-1)) {
        throw std::runtime_error("iconv has no WINDOWS-1252");
    }
    std::string in(utf8);
    std::string out(in.size(), '\0');
    char* in_at = in.data();
    std::size_t in_left = in.size();
    char* out_at = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd.get(), &in_at, &in_left, &out_at, &out_left) == static_cast<std::size_t>(-1)) {
        throw std::runtime_error("text has a character Windows-1252 cannot write");
    }
    out.resize(out.size() - out_left);
    return out;
}

std::string csv_from_text(std::string_view text)
{
    std::string csv;
    for (const std::string& line : text_lines(text)) {
        const std::vector<std::string> cells = tab_cells(line);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string& cell = cells[i];
            csv += i > 0 ? ";" : "";
            if (cell.find_first_of(";\"\r\n") == std::string::npos) {
                csv += cell;
                continue;
            }
            csv += '"';
            for (const char c : cell) {
                csv += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            csv += '"';
        }
        csv += "\r\n";
    }
    return to_windows_1252(csv);
}

} // namespace pm::test
