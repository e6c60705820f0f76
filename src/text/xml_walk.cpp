// walk_xml: libxml2's xmlTextReader with every entity, DTD and network feature off.
#include "text/xml_walk.hpp"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <climits>
#include <memory>
#include <mutex>

namespace pm::text {

namespace {

struct ReaderFree {
    void operator()(xmlTextReaderPtr reader) const { xmlFreeTextReader(reader); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderFree>;

std::string_view view(const xmlChar* text)
{
    return text == nullptr ? std::string_view {} : std::string_view(reinterpret_cast<const char*>(text));
}

xmlTextReaderPtr as_reader(void* reader)
{
    return static_cast<xmlTextReaderPtr>(reader);
}

/// Errors are kept out of stderr; the walk reports its own sentence.
void ignore_error(void*, xmlErrorPtr)
{
}

void init_libxml2()
{
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

} // namespace

std::string_view XmlElement::namespace_uri() const
{
    return view(xmlTextReaderConstNamespaceUri(as_reader(m_reader)));
}

std::string_view XmlElement::local_name() const
{
    return view(xmlTextReaderConstLocalName(as_reader(m_reader)));
}

std::optional<std::string> XmlElement::attribute(std::string_view local_name) const
{
    const xmlTextReaderPtr reader = as_reader(m_reader);
    std::optional<std::string> value;
    if (xmlTextReaderMoveToFirstAttribute(reader) != 1) {
        return value;
    }
    do {
        if (view(xmlTextReaderConstLocalName(reader)) == local_name) {
            value = std::string(view(xmlTextReaderConstValue(reader)));
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(reader) == 1);
    xmlTextReaderMoveToElement(reader);
    return value;
}

std::expected<void, std::string> walk_xml(
    std::string_view xml, std::string_view member, XmlHandler& handler, unsigned max_depth)
{
    if (xml.size() > static_cast<std::size_t>(INT_MAX)) {
        return std::unexpected(fmt::format("{}: XML too large", member));
    }
    init_libxml2();
    // No XML_PARSE_NOENT (entity substitution), DTDLOAD, DTDATTR, XINCLUDE or HUGE.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    const ReaderPtr reader(
        xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, options));
    if (!reader) {
        return std::unexpected(fmt::format("{}: cannot start the XML parser", member));
    }
    xmlTextReaderSetStructuredErrorHandler(reader.get(), ignore_error, nullptr);
    const auto malformed = [&] {
        return std::unexpected(fmt::format(
            "{}: malformed XML (line {})", member, xmlTextReaderGetParserLineNumber(reader.get())));
    };
    int rc = 0;
    while (!handler.done() && (rc = xmlTextReaderRead(reader.get())) == 1) {
        const int depth = xmlTextReaderDepth(reader.get());
        if (depth < 0 || static_cast<unsigned>(depth) >= max_depth) {
            return std::unexpected(fmt::format("{}: XML nested deeper than {}", member, max_depth));
        }
        switch (xmlTextReaderNodeType(reader.get())) {
        case XML_READER_TYPE_ELEMENT: {
            const XmlElement element(reader.get());
            handler.start_element(element);
            if (xmlTextReaderIsEmptyElement(reader.get()) == 1) {
                handler.end_element(element.namespace_uri(), element.local_name());
            }
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            handler.end_element(view(xmlTextReaderConstNamespaceUri(reader.get())),
                view(xmlTextReaderConstLocalName(reader.get())));
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            handler.characters(view(xmlTextReaderConstValue(reader.get())));
            break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
            return std::unexpected(fmt::format("{}: XML with a document type declaration", member));
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            return std::unexpected(fmt::format("{}: XML with an entity reference", member));
        default: break; // comments, processing instructions, the XML declaration
        }
    }
    if (rc < 0) {
        return malformed();
    }
    return {};
}

} // namespace pm::text
