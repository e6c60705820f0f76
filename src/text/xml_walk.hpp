// A bounded pull-parse of one XML member (libxml2 xmlTextReader): no DTD, no entities, no network.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace pm::text {

/// The element a handler is told about; valid only during the start_element call.
class XmlElement {
public:
    explicit XmlElement(void* reader)
        : m_reader(reader)
    {
    }
    std::string_view namespace_uri() const;
    std::string_view local_name() const;
    /// The value of the first attribute with this local name (any namespace), or nullopt.
    std::optional<std::string> attribute(std::string_view local_name) const;

private:
    void* m_reader; // borrowed xmlTextReaderPtr
};

/// Receives the document's events in order. An empty element gets start then end.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    virtual void start_element(const XmlElement& element) = 0;
    virtual void end_element(std::string_view namespace_uri, std::string_view local_name) = 0;
    /// Character data (text, CDATA, whitespace), UTF-8.
    virtual void characters(std::string_view text) = 0;
    /// True when the handler needs no more events (its output is full): the walk stops, no error.
    virtual bool done() const = 0;
};

/// Walks `xml` and reports it to `handler`. Refused with an error naming `member` (never its
/// content): a document type declaration (OPC forbids DTDs; refusing them keeps every external
/// or expanding entity out), entity references, nesting deeper than `max_depth`, anything
/// libxml2 reports as not well-formed, a document over 2 GiB. Network access, DTD loading, entity
/// substitution and libxml2's "huge" mode stay off. Thread-safe (one reader per call).
std::expected<void, std::string> walk_xml(
    std::string_view xml, std::string_view member, XmlHandler& handler, unsigned max_depth);

} // namespace pm::text
