// Typed, position-aware reading of toml++ tables.
#include "config/toml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>

namespace pm::config {

namespace {

std::string_view type_name(toml::node_type type)
{
    switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a decimal number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

std::string type_fix(toml::node_type expected, std::string_view path)
{
    switch (expected) {
    case toml::node_type::string: return "put the value in double quotes";
    case toml::node_type::integer: return "write a whole number without quotes";
    case toml::node_type::boolean: return "write true or false, without quotes";
    case toml::node_type::date: return "write a date without quotes, e.g. 2026-02-01";
    case toml::node_type::array: return R"(write a list in square brackets, e.g. ["..."])";
    case toml::node_type::table: return fmt::format("write it as a [{}] section", path);
    default: break;
    }
    return {};
}

bool is_bare_key(std::string_view key)
{
    return !key.empty() && std::ranges::all_of(key, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            || c == '-';
    });
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ASCII-folded.
std::size_t edit_distance(std::string_view a_in, std::string_view b_in)
{
    const std::string a = ascii_lower(a_in);
    const std::string b = ascii_lower(b_in);
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

std::string quoted_list(std::span<const std::string_view> allowed)
{
    std::string out;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0) {
            out += i + 1 == allowed.size() ? (allowed.size() == 2 ? " or " : ", or ") : ", ";
        }
        out += fmt::format("\"{}\"", allowed[i]);
    }
    return out;
}

} // namespace

void FileDiagnostics::report(
    const toml::source_position& at, std::string key_path, std::string problem, std::string fix)
{
    items.push_back(ConfigDiagnostic { file, static_cast<int>(at.line), static_cast<int>(at.column),
        std::move(key_path), std::move(problem), std::move(fix) });
}

void FileDiagnostics::report_unpositioned(std::string key_path, std::string problem, std::string fix)
{
    items.push_back(ConfigDiagnostic { file, 0, 0, std::move(key_path), std::move(problem), std::move(fix) });
}

std::string join_key_path(std::string_view prefix, std::string_view key)
{
    std::string out(prefix);
    if (!out.empty()) {
        out += '.';
    }
    if (is_bare_key(key)) {
        out += key;
    } else {
        out += fmt::format("\"{}\"", key);
    }
    return out;
}

std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates)
{
    std::string_view best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : candidates) {
        const std::size_t distance = edit_distance(word, candidate);
        if (best.empty() || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    // A typo, not a different word: at most a third of the word, and never more than 3 edits.
    const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
    return !best.empty() && best_distance <= limit ? best : std::string_view {};
}

std::string allowed_values_fix(std::string_view found, std::span<const std::string_view> allowed)
{
    const std::string_view close = closest_match(found, allowed);
    if (!close.empty()) {
        return fmt::format("did you mean \"{}\"? use {}", close, quoted_list(allowed));
    }
    return fmt::format("use {}", quoted_list(allowed));
}

std::string TableReader::section_name() const
{
    // An element of an array of tables has a path such as "contacts[1]".
    if (const auto bracket = m_path.rfind('[');
        !m_path.empty() && m_path.back() == ']' && bracket != std::string::npos) {
        return fmt::format("this [[{}]] entry", m_path.substr(0, bracket));
    }
    return fmt::format("the [{}] section", m_path);
}

TableReader::TableReader(const toml::table& table, FileDiagnostics& diagnostics, std::string path)
    : m_table(&table)
    , m_diagnostics(&diagnostics)
    , m_path(std::move(path))
{
}

const toml::node* TableReader::find(std::string_view key, Need need)
{
    m_known.emplace_back(key);
    const toml::node* node = m_table->get(key);
    if (node == nullptr && need == Need::required) {
        const std::string fix = m_path.empty()
            ? fmt::format("add {} = ... near the top of the file, before the first [section]", key)
            : fmt::format("add {} = ... to {}", key, section_name());
        m_diagnostics->report(position(), path_of(key), "missing required key", fix);
    }
    return node;
}

void TableReader::report_type(std::string_view key, const toml::node& node, toml::node_type expected)
{
    m_diagnostics->report(node.source().begin, path_of(key),
        fmt::format("expected {}, found {}", type_name(expected), type_name(node.type())),
        type_fix(expected, path_of(key)));
}

void TableReader::report_value(std::string_view key, std::string problem, std::string fix)
{
    const toml::node* node = m_table->get(key);
    m_diagnostics->report(node != nullptr ? node->source().begin : position(), path_of(key),
        std::move(problem), std::move(fix));
}

std::optional<std::string> TableReader::string(std::string_view key, Need need)
{
    const toml::node* node = find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* value = node->as_string()) {
        return value->get();
    }
    report_type(key, *node, toml::node_type::string);
    return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key, Need need)
{
    const toml::node* node = find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* value = node->as_boolean()) {
        return value->get();
    }
    report_type(key, *node, toml::node_type::boolean);
    return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(
    std::string_view key, Need need, std::int64_t min, std::int64_t max)
{
    const toml::node* node = find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_integer();
    if (value == nullptr) {
        report_type(key, *node, toml::node_type::integer);
        return std::nullopt;
    }
    if (value->get() < min || value->get() > max) {
        m_diagnostics->report(node->source().begin, path_of(key),
            fmt::format("{} is out of range", value->get()),
            fmt::format("use a value from {} to {}", min, max));
        return std::nullopt;
    }
    return value->get();
}

std::optional<Date> TableReader::date(std::string_view key, Need need)
{
    const toml::node* node = find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    if (const auto* value = node->as_date()) {
        const toml::date d = value->get();
        return Date { std::chrono::year { d.year }, std::chrono::month { d.month },
            std::chrono::day { d.day } };
    }
    const toml::source_position at = node->source().begin;
    if (const auto* text = node->as_string()) {
        if (text->get().size() == 10 && parse_instant(text->get())) {
            m_diagnostics->report(at, path_of(key), "a date must not be quoted",
                fmt::format("write {} = {}", key, text->get()));
        } else {
            m_diagnostics->report(at, path_of(key), fmt::format("malformed date \"{}\"", text->get()),
                "write an ISO date without quotes, e.g. 2026-02-01");
        }
    } else if (node->is_date_time()) {
        m_diagnostics->report(
            at, path_of(key), "expected a date, found a date-time", "write only the day, e.g. 2026-02-01");
    } else {
        report_type(key, *node, toml::node_type::date);
    }
    return std::nullopt;
}

std::optional<std::size_t> TableReader::choice(
    std::string_view key, Need need, std::span<const std::string_view> allowed)
{
    const std::optional<std::string> text = string(key, need);
    if (!text) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (allowed[i] == *text) {
            return i;
        }
    }
    report_value(key, fmt::format("unknown value \"{}\"", *text), allowed_values_fix(*text, allowed));
    return std::nullopt;
}

std::optional<std::vector<ListItem>> TableReader::string_list(std::string_view key, Need need)
{
    const toml::node* node = find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
        report_type(key, *node, toml::node_type::array);
        return std::nullopt;
    }
    std::vector<ListItem> items;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string element_path = fmt::format("{}[{}]", path_of(key), i);
        if (const auto* text = element.as_string()) {
            items.push_back(ListItem { text->get(), element_path, element.source().begin });
        } else {
            m_diagnostics->report(element.source().begin, element_path,
                fmt::format("expected a string, found {}", type_name(element.type())),
                type_fix(toml::node_type::string, element_path));
        }
    }
    return items;
}

std::optional<TableReader> TableReader::table(std::string_view key, Need need)
{
    m_known.emplace_back(key);
    const toml::node* node = m_table->get(key);
    if (node == nullptr) {
        if (need == Need::required) {
            m_diagnostics->report(position(), path_of(key), "missing required table",
                fmt::format("add a [{}] section", path_of(key)));
        }
        return std::nullopt;
    }
    if (const auto* sub = node->as_table()) {
        return TableReader(*sub, *m_diagnostics, path_of(key));
    }
    report_type(key, *node, toml::node_type::table);
    return std::nullopt;
}

std::optional<std::vector<TableReader>> TableReader::table_array(std::string_view key, Need need)
{
    m_known.emplace_back(key);
    const toml::node* node = m_table->get(key);
    const std::string path = path_of(key);
    if (node == nullptr) {
        if (need == Need::required) {
            m_diagnostics->report(position(), path, "missing required list of tables",
                fmt::format("add at least one [[{}]] section", path));
        }
        return std::nullopt;
    }
    const auto* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        m_diagnostics->report(node->source().begin, path,
            fmt::format("expected a list of tables, found {}", type_name(node->type())),
            fmt::format("write each entry as a [[{}]] section", path));
        return std::nullopt;
    }
    std::vector<TableReader> readers;
    for (std::size_t i = 0; i < array->size(); ++i) {
        readers.emplace_back(*array->get(i)->as_table(), *m_diagnostics, fmt::format("{}[{}]", path, i));
    }
    return readers;
}

void TableReader::report_unknown_keys()
{
    std::vector<std::string_view> known(m_known.begin(), m_known.end());
    for (const auto& [key, node] : *m_table) {
        if (std::ranges::find(m_known, key.str()) != m_known.end()) {
            continue;
        }
        const std::string_view close = closest_match(key.str(), known);
        std::string fix = close.empty()
            ? (m_path.empty()
                    ? std::string("remove it; rules/README.md lists the keys of this file")
                    : fmt::format("remove it; rules/README.md lists the keys of {}", section_name()))
            : fmt::format("did you mean \"{}\"?", close);
        m_diagnostics->report(key.source().begin, path_of(key.str()), "unknown key", std::move(fix));
    }
}

} // namespace pm::config
