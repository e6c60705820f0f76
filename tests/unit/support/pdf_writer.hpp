// A minimal PDF writer for tests and benchmarks: numbered objects with a correct xref table, and
// text pages in Helvetica with WinAnsiEncoding (so Latin-1 letters and the euro sign are real
// characters, as a PDF printer writes them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::test {

/// A PDF 1.4 file whose object N (1-based) is `objects[N-1]`; object 1 must be the catalog.
std::string pdf_from_objects(const std::vector<std::string>& objects);

/// `utf8` as a PDF literal string in WinAnsiEncoding: "(...)" with '(', ')' and '\' escaped and
/// bytes past ASCII as octal escapes. Throws std::runtime_error on a character WinAnsi cannot write.
std::string pdf_string(std::string_view utf8);

/// One text line on a page: `text` (UTF-8) at (`x`, `y`) points from the bottom left.
struct PdfText {
    double x = 0;
    double y = 0;
    std::string text;
};

struct PdfOptions {
    double font_size = 12;
    bool deflate = false; ///< FlateDecode content streams, as every PDF producer writes them
    /// Raw 8-bit RGB pixels of an image (a letterhead logo, a scanned signature) drawn at the top of
    /// page 1, FlateDecode; empty: no image.
    std::string image_rgb {};
    unsigned image_width = 0;
    unsigned image_height = 0;
};

/// A PDF of A4 pages, each a list of text lines in Helvetica (WinAnsiEncoding).
std::string make_pdf_pages(const std::vector<std::vector<PdfText>>& pages, const PdfOptions& options = {});

/// One page with one line per entry of `lines`, from the top left, 14 points apart.
std::string make_pdf(const std::vector<std::string>& lines);

/// Plain text printed to PDF as a word processor does: 10 point Helvetica, paragraph lines
/// word-wrapped at the right margin, "Label<TAB>value" lines as table rows (each cell in its own
/// column, wrapped inside it), empty lines kept, a new page when one is full.
std::string pdf_from_text(std::string_view text, PdfOptions options = {});

} // namespace pm::test
