#include "notice/templates.hpp"

#include "core/durable_file.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm::notice {
namespace {

constexpr std::uint64_t max_template_bytes = 64u << 10;

bool known(std::string_view name)
{
    return std::ranges::find(placeholder_names, name) != std::end(placeholder_names);
}

std::string known_list()
{
    std::string out;
    for (const std::string_view name : placeholder_names) {
        out += (out.empty() ? "" : ", ") + fmt::format("{{{{{}}}}}", name);
    }
    return out;
}

/// Checks the placeholders of `text`, which starts at line `first_line` of `file`.
void check_placeholders(std::string_view text, const std::string& file, int first_line, std::vector<std::string>& problems)
{
    int line = first_line;
    int column = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
            continue;
        }
        if (text.substr(i, 2) == "{{") {
            const auto close = text.find("}}", i + 2);
            const auto newline = text.find('\n', i + 2);
            if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close)) {
                problems.push_back(fmt::format("{}:{}:{}: unclosed placeholder (write {{{{name}}}} on one line)", file, line, column));
            } else {
                const std::string_view name = text.substr(i + 2, close - i - 2);
                if (!known(name)) {
                    problems.push_back(fmt::format("{}:{}:{}: unknown placeholder {{{{{}}}}} (use one of {})", file, line,
                        column, name, known_list()));
                }
                column += static_cast<int>(close + 2 - i);
                i = close + 1;
                continue;
            }
        }
        ++column;
    }
}

} // namespace

std::expected<Template, std::vector<std::string>> parse_template(std::string_view text, const std::string& file)
{
    std::vector<std::string> problems;
    Template out;
    out.file = file;
    std::string normalised;
    for (const char c : text) {
        if (c != '\r') {
            normalised += c;
        }
    }
    const auto first_end = normalised.find('\n');
    const std::string first = normalised.substr(0, first_end);
    constexpr std::string_view subject_prefix = "Subject:";
    if (!first.starts_with(subject_prefix)) {
        problems.push_back(fmt::format("{}:1:1: the first line must be the subject (write \"Subject: ...\")", file));
        return std::unexpected(std::move(problems));
    }
    out.subject = first.substr(subject_prefix.size());
    while (!out.subject.empty() && out.subject.front() == ' ') {
        out.subject.erase(0, 1);
    }
    check_placeholders(first, file, 1, problems);
    std::string rest = first_end == std::string::npos ? std::string() : normalised.substr(first_end + 1);
    if (!rest.empty() && rest.front() != '\n') {
        problems.push_back(fmt::format("{}:2:1: the subject line must be followed by an empty line", file));
    }
    check_placeholders(rest, file, 2, problems);
    if (!rest.empty() && rest.front() == '\n') {
        rest.erase(0, 1);
    }
    out.body = std::move(rest);
    if (!problems.empty()) {
        return std::unexpected(std::move(problems));
    }
    return out;
}

std::expected<Templates, std::vector<std::string>> load_templates(const std::filesystem::path& dir, Language language)
{
    std::vector<std::string> problems;
    auto load = [&](std::string_view name) -> std::optional<Template> {
        const auto path = dir / name;
        auto text = read_file_bounded(path, max_template_bytes);
        if (!text) {
            problems.push_back(fmt::format("{}: {} (notice.templates names this directory)", path.string(), text.error().message));
            return std::nullopt;
        }
        auto parsed = parse_template(*text, path.string());
        if (!parsed) {
            std::ranges::move(parsed.error(), std::back_inserter(problems));
            return std::nullopt;
        }
        return std::move(*parsed);
    };
    Templates templates;
    auto nl = load("notice.nl.txt");
    if (nl) {
        templates.nl = std::move(*nl);
    }
    if (language == Language::nl_en) {
        templates.en = load("notice.en.txt");
    }
    if (!problems.empty()) {
        return std::unexpected(std::move(problems));
    }
    return templates;
}

std::string render(std::string_view text, const std::map<std::string, std::string, std::less<>>& values)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "{{") {
            const auto close = text.find("}}", i + 2);
            if (close != std::string_view::npos) {
                const auto it = values.find(text.substr(i + 2, close - i - 2));
                if (it != values.end()) {
                    out += it->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace pm::notice
