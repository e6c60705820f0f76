// A cheap pre-scan that bounds what GMime may build, before GMime sees the bytes.
#include "mime/structure_budget.hpp"

#include <algorithm>

namespace pm::mime {

namespace {

/// RFC 5322 3.6.8: field-name = 1*ftext (printable ASCII but ':'), then optional white space
/// (obsolete syntax GMime accepts) and the colon.
bool is_header_shaped(std::string_view line)
{
    std::size_t at = 0;
    while (at < line.size() && line[at] > ' ' && line[at] <= '~' && line[at] != ':') {
        ++at;
    }
    if (at == 0) {
        return false;
    }
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) {
        ++at;
    }
    return at < line.size() && line[at] == ':';
}

std::uint64_t separators_in(std::string_view line)
{
    const auto separators = std::ranges::count_if(line, [](char c) { return c == ',' || c == ';'; });
    return static_cast<std::uint64_t>(separators);
}

} // namespace

StructureCounts count_structure(std::string_view bytes)
{
    StructureCounts counts;
    bool in_header_field = false;
    std::size_t start = 0;
    while (start < bytes.size()) {
        const std::size_t newline = bytes.find('\n', start);
        const std::size_t end = newline == std::string_view::npos ? bytes.size() : newline;
        const std::string_view line = bytes.substr(start, end - start);
        if (line.starts_with("--")) {
            ++counts.delimiter_lines;
            in_header_field = false;
        } else if (in_header_field && (line.starts_with(' ') || line.starts_with('\t'))) {
            counts.header_units += separators_in(line);
        } else if (is_header_shaped(line)) {
            counts.header_units += 1 + separators_in(line);
            in_header_field = true;
        } else {
            in_header_field = false;
        }
        start = end + 1;
    }
    return counts;
}

StructureBudget::StructureBudget(const Limits& limits)
    : m_max_delimiter_lines(std::uint64_t{limits.max_parts} * 8 + 64)
{
}

std::optional<LimitExceeded> StructureBudget::charge(const StructureCounts& counts)
{
    m_used.delimiter_lines += counts.delimiter_lines;
    m_used.header_units += counts.header_units;
    if (m_used.delimiter_lines > m_max_delimiter_lines) {
        return LimitExceeded{"max_delimiter_lines", m_used.delimiter_lines, m_max_delimiter_lines};
    }
    if (m_used.header_units > max_header_units) {
        return LimitExceeded{"max_header_fields", m_used.header_units, max_header_units};
    }
    return std::nullopt;
}

} // namespace pm::mime
