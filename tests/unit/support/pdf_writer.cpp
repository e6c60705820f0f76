// Minimal PDF writer for tests and benchmarks (ISO 32000-1: 7.5 file structure, 9 text).
#include "support/pdf_writer.hpp"

#include "support/text_layout.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace pm::test {

namespace {

constexpr double page_width = 595; // A4 in points
constexpr double page_height = 842;
constexpr double margin = 56;

std::string deflate(std::string_view bytes)
{
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
            static_cast<uLong>(bytes.size()), Z_DEFAULT_COMPRESSION)
        != Z_OK) {
        throw std::runtime_error("zlib compress2 failed");
    }
    out.resize(size);
    return out;
}

std::string stream_object(std::string_view dictionary, std::string_view data, bool compressed)
{
    const std::string bytes = compressed ? deflate(data) : std::string(data);
    return "<< " + std::string(dictionary) + (compressed ? " /Filter /FlateDecode" : "") + " /Length "
        + std::to_string(bytes.size()) + " >>\nstream\n" + bytes + "\nendstream";
}

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

/// `text` cut at spaces into lines of at most `width` characters (a longer word stays whole).
std::vector<std::string> wrap(std::string_view text, std::size_t width)
{
    std::vector<std::string> lines(1);
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space = text.find(' ', at);
        const std::string_view word
            = text.substr(at, space == std::string_view::npos ? text.npos : space - at);
        std::string& line = lines.back();
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            lines.emplace_back(word);
        } else {
            if (!line.empty()) {
                line += ' ';
            }
            line.append(word);
        }
        at = space == std::string_view::npos ? text.size() : space + 1;
    }
    return lines;
}

} // namespace

std::string pdf_from_objects(const std::vector<std::string>& objects)
{
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t offset : offsets) {
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        pdf += entry;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

std::string pdf_string(std::string_view utf8)
{
    std::string out = "(";
    for (const char c : to_windows_1252(utf8)) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte >= 0x80) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\%03o", byte);
            out += escape;
        } else {
            out += c;
        }
    }
    return out + ")";
}

std::string make_pdf_pages(const std::vector<std::vector<PdfText>>& pages, const PdfOptions& options)
{
    // 1 catalog, 2 page tree, 3 font, 4 image (when there is one), then a page and its contents.
    const bool image = !options.image_rgb.empty();
    const std::size_t first_page = image ? 5 : 4;
    std::vector<std::string> objects {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    };
    if (image) {
        objects.push_back(stream_object("/Type /XObject /Subtype /Image /Width "
                + std::to_string(options.image_width) + " /Height " + std::to_string(options.image_height)
                + " /ColorSpace /DeviceRGB /BitsPerComponent 8",
            options.image_rgb, true));
    }
    std::string kids;
    for (std::size_t index = 0; index < pages.size(); ++index) {
        const std::size_t page_object = first_page + 2 * index;
        kids += std::to_string(page_object) + " 0 R ";
        std::string content;
        if (image && index == 0) {
            const double height = 60.0;
            const double width = height * options.image_width / std::max(1u, options.image_height);
            content += "q " + number(width) + " 0 0 " + number(height) + " " + number(margin) + " "
                + number(page_height - margin / 2 - height) + " cm /Im1 Do Q\n";
        }
        content += "BT /F1 " + number(options.font_size) + " Tf\n";
        for (const PdfText& line : pages[index]) {
            content += "1 0 0 1 " + number(line.x) + " " + number(line.y) + " Tm " + pdf_string(line.text)
                + " Tj\n";
        }
        content += "ET\n";
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + number(page_width) + " "
            + number(page_height) + "] /Resources << /Font << /F1 3 0 R >>"
            + (image ? std::string(" /XObject << /Im1 4 0 R >>") : std::string()) + " >> /Contents "
            + std::to_string(page_object + 1) + " 0 R >>");
        objects.push_back(stream_object("", content, options.deflate));
    }
    objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
    return pdf_from_objects(objects);
}

std::string make_pdf(const std::vector<std::string>& lines)
{
    std::vector<PdfText> page;
    double y = page_height - 72;
    for (const std::string& line : lines) {
        page.push_back({ 72, y, line });
        y -= 14;
    }
    return make_pdf_pages({ page });
}

std::string pdf_from_text(std::string_view text, PdfOptions options)
{
    options.font_size = 10;
    constexpr double leading = 13;
    constexpr std::size_t text_width = 95; // characters of 10 pt Helvetica between the margins
    constexpr double column_width = 170;
    constexpr std::size_t label_width = 32;
    const double top = page_height - margin - (options.image_rgb.empty() ? 0 : 60);
    std::vector<std::vector<PdfText>> pages(1);
    double y = top;
    const auto next_line = [&] {
        y -= leading;
        if (y < margin) {
            pages.emplace_back();
            y = page_height - margin;
        }
    };
    for (const std::string& line : text_lines(text)) {
        const std::vector<std::string> cells = tab_cells(line);
        std::vector<std::vector<std::string>> wrapped;
        std::size_t height = 1;
        for (std::size_t column = 0; column < cells.size(); ++column) {
            const std::size_t width = cells.size() == 1 ? text_width
                : column == 0                           ? label_width
                                                        : (text_width - label_width) / (cells.size() - 1);
            wrapped.push_back(wrap(cells[column], width));
            height = std::max(height, wrapped.back().size());
        }
        for (std::size_t row = 0; row < height; ++row) {
            for (std::size_t column = 0; column < wrapped.size(); ++column) {
                if (row < wrapped[column].size() && !wrapped[column][row].empty()) {
                    pages.back().push_back(
                        { margin + column_width * static_cast<double>(column), y, wrapped[column][row] });
                }
            }
            next_line();
        }
    }
    if (pages.back().empty() && pages.size() > 1) {
        pages.pop_back();
    }
    return make_pdf_pages(pages, options);
}

} // namespace pm::test
