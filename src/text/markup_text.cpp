// MarkupText and the element role tables of WordprocessingML, DrawingML and ODF.
#include "text/markup_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace pm::text {

namespace {

// ECMA-376 Part 1, 17 (WordprocessingML): transitional and strict namespaces.
constexpr std::array<std::string_view, 2> word_namespaces {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
};
constexpr std::array word_elements {
    ElementRole { "t", role::collect }, // 17.3.3.31 text
    ElementRole { "delText", role::collect }, // 17.3.3.7 deleted text: still in the file
    ElementRole { "p", role::paragraph }, // 17.3.1.22
    ElementRole { "tc", role::cell }, // 17.4.66
    ElementRole { "tr", role::row }, // 17.4.79
    ElementRole { "tab", role::tab }, // 17.3.3.32 (in a run; tab stops are under pPr)
    ElementRole { "ptab", role::tab },
    ElementRole { "br", role::line_break }, // 17.3.3.1
    ElementRole { "cr", role::line_break },
    ElementRole { "noBreakHyphen", role::hyphen },
    ElementRole { "pPr", role::skip }, // paragraph properties: tab stops, not text
    ElementRole { "rPr", role::skip },
    ElementRole { "sectPr", role::skip },
    ElementRole { "tblPr", role::skip },
    ElementRole { "tcPr", role::skip },
    ElementRole { "trPr", role::skip },
};

// ECMA-376 Part 1, 21.1 (DrawingML text).
constexpr std::array<std::string_view, 2> drawing_namespaces {
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/main",
};
constexpr std::array drawing_elements {
    ElementRole { "t", role::collect }, // 21.1.2.3.11
    ElementRole { "p", role::paragraph }, // 21.1.2.2.6
    ElementRole { "br", role::line_break }, // 21.1.2.2.1
    ElementRole { "tc", role::cell }, // 21.1.3.16
    ElementRole { "tr", role::row }, // 21.1.3.18
    ElementRole { "pPr", role::skip },
    ElementRole { "rPr", role::skip },
};

// ODF 1.2 part 1: text (5.1, 6.1) and table (9.1) namespaces.
constexpr std::array<std::string_view, 2> odf_namespaces {
    "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
};
constexpr std::array odf_elements {
    ElementRole { "p", role::collect | role::paragraph }, // 5.1.3
    ElementRole { "h", role::collect | role::paragraph }, // 5.1.2
    ElementRole { "table-cell", role::cell }, // 9.1.4
    ElementRole { "covered-table-cell", role::cell }, // 9.1.5
    ElementRole { "table-row", role::row }, // 9.1.3
    ElementRole { "s", role::space }, // 6.1.3
    ElementRole { "tab", role::tab }, // 6.1.4
    ElementRole { "line-break", role::line_break }, // 6.1.5
};

constexpr unsigned max_spaces = 16; // text:c may ask for millions

} // namespace

const MarkupRules& wordprocessing_rules()
{
    static const MarkupRules rules { word_namespaces, word_elements };
    return rules;
}

const MarkupRules& drawing_rules()
{
    static const MarkupRules rules { drawing_namespaces, drawing_elements };
    return rules;
}

const MarkupRules& odf_rules()
{
    static const MarkupRules rules { odf_namespaces, odf_elements };
    return rules;
}

std::uint16_t MarkupText::roles_of(std::string_view namespace_uri, std::string_view local_name) const
{
    if (std::ranges::find(m_rules.namespaces, namespace_uri) == m_rules.namespaces.end()) {
        return 0;
    }
    const auto found = std::ranges::find(m_rules.elements, local_name, &ElementRole::local_name);
    return found == m_rules.elements.end() ? 0 : found->roles;
}

void MarkupText::start_element(const XmlElement& element)
{
    if (m_skip_depth > 0) {
        ++m_skip_depth;
        return;
    }
    const std::uint16_t roles = roles_of(element.namespace_uri(), element.local_name());
    if ((roles & role::skip) != 0) {
        m_skip_depth = 1;
        return;
    }
    m_collect_depth += (roles & role::collect) != 0 ? 1 : 0;
    m_cell_depth += (roles & role::cell) != 0 ? 1 : 0;
    if ((roles & role::paragraph) != 0) {
        m_paragraph_starts.push_back(m_sink.size());
    }
    if ((roles & role::tab) != 0) {
        m_sink.text("\t");
    }
    if ((roles & role::line_break) != 0) {
        m_sink.text("\n");
    }
    if ((roles & role::hyphen) != 0) {
        m_sink.text("-");
    }
    if ((roles & role::space) != 0) {
        unsigned count = 1;
        if (const auto c = element.attribute("c")) {
            std::from_chars(c->data(), c->data() + c->size(), count);
        }
        m_sink.text(std::string(std::clamp(count, 1u, max_spaces), ' '));
    }
}

void MarkupText::end_element(std::string_view namespace_uri, std::string_view local_name)
{
    if (m_skip_depth > 0) {
        --m_skip_depth;
        return;
    }
    const std::uint16_t roles = roles_of(namespace_uri, local_name);
    if ((roles & role::collect) != 0 && m_collect_depth > 0) {
        --m_collect_depth;
    }
    if ((roles & role::paragraph) != 0) {
        const bool empty = !m_paragraph_starts.empty() && m_paragraph_starts.back() == m_sink.size();
        if (!m_paragraph_starts.empty()) {
            m_paragraph_starts.pop_back();
        }
        if (m_cell_depth > 0) {
            m_sink.separator(' ');
        } else if (empty) {
            m_sink.blank_line();
        } else {
            m_sink.separator('\n');
        }
    }
    if ((roles & role::cell) != 0) {
        m_cell_depth -= m_cell_depth > 0 ? 1 : 0;
        m_sink.separator('\t');
    }
    if ((roles & role::row) != 0) {
        m_sink.separator('\n');
    }
}

void MarkupText::characters(std::string_view text)
{
    if (m_skip_depth == 0 && m_collect_depth > 0) {
        m_sink.text(text);
    }
}

} // namespace pm::text
