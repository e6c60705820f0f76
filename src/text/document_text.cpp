// extract_text: dispatch by sniffed type to the charset, HTML, OOXML, ODF and PDF extractors.
#include "text/document_text.hpp"

#include "text/charset_text.hpp"
#include "text/csv_text.hpp"
#include "text/html_text.hpp"
#include "text/odf_text.hpp"
#include "text/ooxml_text.hpp"
#include "text/package_parts.hpp"
#include "text/pdf_text.hpp"
#include "text/text_sink.hpp"

#include <algorithm>
#include <cctype>

namespace pm::text {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

bool is_html(std::string_view declared_type)
{
    return equals_ignoring_case(declared_type, "text/html")
        || equals_ignoring_case(declared_type, "application/xhtml+xml");
}

ExtractedText finish(TextSink& sink)
{
    ExtractedText result;
    result.truncated = sink.truncated();
    result.text = sink.take();
    return result;
}

template <class Extract>
TextResult from_package(std::string_view bytes, const TextLimits& limits, Extract extract)
{
    auto package = Package::open(bytes, limits.archive);
    if (!package) {
        return std::unexpected(package.error());
    }
    TextSink sink(limits.max_text_bytes);
    if (auto done = extract(*package, limits, sink); !done) {
        return std::unexpected(done.error());
    }
    return finish(sink);
}

} // namespace

TextResult extract_text(std::string_view bytes, mime::SniffedType type, std::string_view declared_type,
    std::string_view charset, const TextLimits& limits)
{
    using mime::SniffedType;
    switch (type) {
    case SniffedType::text: {
        TextSink sink(limits.max_text_bytes);
        if (is_html(declared_type)) {
            // html_to_text never makes the text longer, so the cap can apply to its input.
            sink.text(html_to_text(charset_to_utf8(bytes, charset, limits.max_text_bytes * 4)));
        } else if (is_csv(declared_type)) {
            // csv_to_text never makes the text longer.
            sink.text(csv_to_text(charset_to_utf8(bytes, charset, limits.max_text_bytes * 4)));
        } else {
            sink.text(charset_to_utf8(bytes, charset, limits.max_text_bytes));
        }
        return finish(sink);
    }
    case SniffedType::ooxml: return from_package(bytes, limits, ooxml_text);
    case SniffedType::odf: return from_package(bytes, limits, odf_text);
    case SniffedType::pdf: {
        TextSink sink(limits.max_text_bytes);
        if (auto done = pdf_text(bytes, limits, sink); !done) {
            return std::unexpected(done.error());
        }
        return finish(sink);
    }
    default: return ExtractedText{};
    }
}

} // namespace pm::text
