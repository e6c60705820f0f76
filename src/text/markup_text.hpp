// Text of a word-processing, slide or ODF XML part, driven by a table of element roles.
#pragma once

#include "text/text_sink.hpp"
#include "text/xml_walk.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace pm::text {

/// What an element means for the text (bit flags).
namespace role {
inline constexpr std::uint16_t collect = 1u << 0; ///< its character data is text (w:t, a:t, text:p)
/// ends a line (a space inside a table cell); an empty one outside a cell is a blank line
inline constexpr std::uint16_t paragraph = 1u << 1;
inline constexpr std::uint16_t cell = 1u << 2; ///< ends with '\t'
inline constexpr std::uint16_t row = 1u << 3; ///< ends with '\n'
inline constexpr std::uint16_t tab = 1u << 4; ///< is a '\t' in the text
inline constexpr std::uint16_t line_break = 1u << 5; ///< is a '\n' in the text
inline constexpr std::uint16_t space = 1u << 6; ///< is spaces (ODF text:s, count in text:c)
inline constexpr std::uint16_t hyphen = 1u << 7; ///< is a '-' (w:noBreakHyphen)
inline constexpr std::uint16_t skip = 1u << 8; ///< nothing inside is text (properties)
} // namespace role

struct ElementRole {
    std::string_view local_name;
    std::uint16_t roles = 0;
};

/// The roles of one vocabulary: elements in one of `namespaces` are looked up by local name.
struct MarkupRules {
    std::span<const std::string_view> namespaces;
    std::span<const ElementRole> elements;
};

/// WordprocessingML (docx: document, headers, footers, notes, comments), transitional and strict.
const MarkupRules& wordprocessing_rules();
/// DrawingML text (pptx slides and notes).
const MarkupRules& drawing_rules();
/// ODF text and table elements (content.xml, styles.xml).
const MarkupRules& odf_rules();

/// An XmlHandler writing the text of one part into `sink` by `rules`. Not thread-safe.
class MarkupText final : public XmlHandler {
public:
    MarkupText(const MarkupRules& rules, TextSink& sink)
        : m_rules(rules)
        , m_sink(sink)
    {
    }
    void start_element(const XmlElement& element) override;
    void end_element(std::string_view namespace_uri, std::string_view local_name) override;
    void characters(std::string_view text) override;
    bool done() const override { return m_sink.full(); }

private:
    std::uint16_t roles_of(std::string_view namespace_uri, std::string_view local_name) const;

    const MarkupRules& m_rules;
    TextSink& m_sink;
    unsigned m_collect_depth = 0;
    unsigned m_cell_depth = 0;
    unsigned m_skip_depth = 0;
    /// TextSink::size() where each open paragraph began (an empty one wrote nothing since);
    /// bounded by the XML depth limit.
    std::vector<std::size_t> m_paragraph_starts;
};

} // namespace pm::text
