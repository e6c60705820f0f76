// xlsx text: shared strings (ECMA-376 Part 1, 18.4) resolved into worksheet cells (18.3.1.4).
#include "text/ooxml_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace pm::text {

namespace {

constexpr std::array<std::string_view, 2> sheet_namespaces {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
};
constexpr std::size_t max_shared_strings = 1u << 21;

bool in_sheet_namespace(std::string_view namespace_uri)
{
    return std::ranges::find(sheet_namespaces, namespace_uri) != sheet_namespaces.end();
}

/// 18.4.9 sst: each <si> is one string, the concatenation of its <t> (plain, or in rich runs
/// <r>); phonetic runs <rPh> are a reading aid and left out. Kept as slices of one pool.
class SharedStrings final : public XmlHandler {
public:
    explicit SharedStrings(std::uint64_t max_bytes)
        : m_max_bytes(max_bytes)
    {
    }

    void start_element(const XmlElement& element) override
    {
        if (!in_sheet_namespace(element.namespace_uri())) {
            return;
        }
        const std::string_view name = element.local_name();
        if (name == "si") {
            m_start = m_pool.size();
        } else if (name == "t") {
            ++m_text_depth;
        } else if (name == "rPh") {
            ++m_phonetic_depth;
        }
    }
    void end_element(std::string_view namespace_uri, std::string_view name) override
    {
        if (!in_sheet_namespace(namespace_uri)) {
            return;
        }
        if (name == "si") {
            if (m_slices.size() < max_shared_strings) {
                m_slices.emplace_back(m_start, m_pool.size() - m_start);
            } else {
                m_cut = true;
            }
        } else if (name == "t" && m_text_depth > 0) {
            --m_text_depth;
        } else if (name == "rPh" && m_phonetic_depth > 0) {
            --m_phonetic_depth;
        }
    }
    void characters(std::string_view text) override
    {
        if (m_text_depth == 0 || m_phonetic_depth > 0) {
            return;
        }
        if (m_pool.size() + text.size() > m_max_bytes) {
            m_cut = true;
            return;
        }
        m_pool.append(text);
    }
    bool done() const override { return false; }

    std::string_view at(std::string_view index) const
    {
        std::size_t i = 0;
        const auto [end, error] = std::from_chars(index.data(), index.data() + index.size(), i);
        if (error != std::errc {} || end != index.data() + index.size() || i >= m_slices.size()) {
            return {};
        }
        return std::string_view(m_pool).substr(m_slices[i].first, m_slices[i].second);
    }
    bool cut() const { return m_cut; }

private:
    std::uint64_t m_max_bytes;
    std::string m_pool;
    std::vector<std::pair<std::size_t, std::size_t>> m_slices;
    std::size_t m_start = 0;
    unsigned m_text_depth = 0;
    unsigned m_phonetic_depth = 0;
    bool m_cut = false;
};

/// 18.3.1.73 row, 18.3.1.4 c: cell type `t` s (shared string index in <v>), inlineStr (<is>),
/// anything else (n, b, e, str, d) as written in <v>. Formulas (<f>) are left out. An empty row,
/// or a gap in the row numbers (`r`), is a blank line, as the reader sees it.
class SheetText final : public XmlHandler {
public:
    SheetText(const SharedStrings& strings, TextSink& sink, std::uint64_t max_cell_bytes)
        : m_strings(strings)
        , m_sink(sink)
        , m_max_cell_bytes(max_cell_bytes)
    {
    }

    void start_element(const XmlElement& element) override
    {
        if (!in_sheet_namespace(element.namespace_uri())) {
            return;
        }
        const std::string_view name = element.local_name();
        if (name == "row") {
            std::uint64_t number = 0;
            if (const auto r = element.attribute("r")) {
                std::from_chars(r->data(), r->data() + r->size(), number);
            }
            if (number > m_last_row + 1 && m_last_row > 0) {
                m_sink.blank_line();
            }
            m_last_row = number;
            m_row_start = m_sink.size();
        } else if (name == "c") {
            m_shared = element.attribute("t") == "s";
            m_value.clear();
        } else if (name == "v" || name == "t") {
            ++m_value_depth;
        } else if (name == "rPh") {
            ++m_phonetic_depth;
        }
    }
    void end_element(std::string_view namespace_uri, std::string_view name) override
    {
        if (!in_sheet_namespace(namespace_uri)) {
            return;
        }
        if (name == "c") {
            m_sink.text(m_shared ? m_strings.at(m_value) : std::string_view(m_value));
            m_sink.separator('\t');
            m_shared = false;
        } else if ((name == "v" || name == "t") && m_value_depth > 0) {
            --m_value_depth;
        } else if (name == "rPh" && m_phonetic_depth > 0) {
            --m_phonetic_depth;
        } else if (name == "row") {
            if (m_sink.size() == m_row_start) {
                m_sink.blank_line();
            } else {
                m_sink.separator('\n');
            }
        }
    }
    void characters(std::string_view text) override
    {
        if (m_value_depth > 0 && m_phonetic_depth == 0 && m_value.size() + text.size() <= m_max_cell_bytes) {
            m_value.append(text);
        }
    }
    bool done() const override { return m_sink.full(); }

private:
    const SharedStrings& m_strings;
    TextSink& m_sink;
    std::uint64_t m_max_cell_bytes;
    std::string m_value;
    bool m_shared = false;
    std::uint64_t m_last_row = 0; ///< `r` of the previous row (0: none or not numbered)
    std::size_t m_row_start = 0; ///< TextSink::size() when the current row began
    unsigned m_value_depth = 0;
    unsigned m_phonetic_depth = 0;
};

} // namespace

std::expected<void, std::string> spreadsheet_text(Package& package, const TextLimits& limits, TextSink& sink)
{
    SharedStrings strings(limits.max_text_bytes);
    auto shared = package.read("xl/sharedStrings.xml");
    if (!shared) {
        return std::unexpected(shared.error());
    }
    for (const PackagePart& part : *shared) {
        if (auto walked = walk_xml(part.data, part.name, strings, limits.max_xml_depth); !walked) {
            return walked;
        }
    }
    if (strings.cut()) {
        sink.mark_truncated();
    }
    std::uint32_t parts_read = 0;
    for (const std::string& name : numbered_parts(package.names(), "xl/worksheets/sheet", ".xml")) {
        if (sink.full()) {
            break;
        }
        auto sheets = package.read(name);
        if (!sheets) {
            return std::unexpected(sheets.error());
        }
        for (const PackagePart& sheet : *sheets) {
            if (++parts_read > limits.max_parts) {
                sink.mark_truncated();
                return {};
            }
            SheetText handler(strings, sink, limits.max_text_bytes);
            if (auto walked = walk_xml(sheet.data, sheet.name, handler, limits.max_xml_depth); !walked) {
                return walked;
            }
            sink.separator('\n');
        }
    }
    return {};
}

} // namespace pm::text
