// docx and pptx text through the markup role tables; the package's main part decides the kind.
#include "text/ooxml_text.hpp"

#include "text/markup_text.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <ranges>

namespace pm::text {

namespace {

bool has(const std::vector<std::string>& names, std::string_view name)
{
    return std::ranges::find(names, name) != names.end();
}

std::expected<void, std::string> parts_text(Package& package, const std::vector<std::string>& names,
    const MarkupRules& rules, const TextLimits& limits, TextSink& sink)
{
    std::uint32_t parts_read = 0;
    for (const std::string& name : names) {
        if (sink.full()) {
            break;
        }
        if (auto done = markup_part_text(package, name, rules, limits, sink, parts_read); !done) {
            return done;
        }
    }
    return {};
}

std::expected<void, std::string> document_text(Package& package, const TextLimits& limits, TextSink& sink)
{
    const auto& all = package.names();
    std::vector<std::string> names { "word/document.xml" };
    std::ranges::move(numbered_parts(all, "word/header", ".xml"), std::back_inserter(names));
    std::ranges::move(numbered_parts(all, "word/footer", ".xml"), std::back_inserter(names));
    for (const std::string_view extra : { "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml" }) {
        names.emplace_back(extra);
    }
    return parts_text(package, names, wordprocessing_rules(), limits, sink);
}

} // namespace

std::vector<std::string> numbered_parts(
    const std::vector<std::string>& names, std::string_view prefix, std::string_view suffix)
{
    std::vector<std::pair<std::uint64_t, std::string>> numbered;
    for (const std::string& name : names) {
        if (name.size() < prefix.size() + suffix.size() || !name.starts_with(prefix)
            || !name.ends_with(suffix)) {
            continue;
        }
        const std::string_view digits
            = std::string_view(name).substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        std::uint64_t number = 0;
        if (!digits.empty()) {
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
            if (error != std::errc {} || end != digits.data() + digits.size()) {
                continue;
            }
        }
        numbered.emplace_back(number, name);
    }
    std::ranges::sort(numbered);
    std::vector<std::string> sorted;
    sorted.reserve(numbered.size());
    for (auto& [number, name] : numbered) {
        sorted.push_back(std::move(name));
    }
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return sorted;
}

std::expected<void, std::string> markup_part_text(Package& package, std::string_view name,
    const MarkupRules& rules, const TextLimits& limits, TextSink& sink, std::uint32_t& parts_read)
{
    auto parts = package.read(name);
    if (!parts) {
        return std::unexpected(parts.error());
    }
    for (const PackagePart& part : *parts) {
        if (sink.full()) {
            break;
        }
        if (++parts_read > limits.max_parts) {
            sink.mark_truncated();
            break;
        }
        MarkupText handler(rules, sink);
        if (auto walked = walk_xml(part.data, part.name, handler, limits.max_xml_depth); !walked) {
            return walked;
        }
        sink.separator('\n');
    }
    return {};
}

std::expected<void, std::string> ooxml_text(Package& package, const TextLimits& limits, TextSink& sink)
{
    const auto& names = package.names();
    if (has(names, "word/document.xml")) {
        return document_text(package, limits, sink);
    }
    if (has(names, "xl/workbook.xml")) {
        return spreadsheet_text(package, limits, sink);
    }
    if (has(names, "ppt/presentation.xml")) {
        std::vector<std::string> parts = numbered_parts(names, "ppt/slides/slide", ".xml");
        std::ranges::move(
            numbered_parts(names, "ppt/notesSlides/notesSlide", ".xml"), std::back_inserter(parts));
        return parts_text(package, parts, drawing_rules(), limits, sink);
    }
    return std::unexpected(
        std::string("OOXML package without word/document.xml, xl/workbook.xml or ppt/presentation.xml"));
}

} // namespace pm::text
