// Reading and indexing the lexicons: typed keys, unknown keys are errors, all problems collected.
#include "detect/lexicon.hpp"

#include "config/toml_reader.hpp"
#include "config/value_readers.hpp"
#include "detect/words.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace pm::detect {

namespace {

using config::FileDiagnostics;
using config::ListItem;
using config::Need;
using config::TableReader;

constexpr std::size_t max_forms = 64;
constexpr std::size_t max_words = 6;

/// The words of a folded lexicon entry or label: runs of letters and digits.
std::vector<std::string> split_words(std::string_view folded)
{
    std::vector<std::string> words;
    std::string current;
    for (std::size_t at = 0; at < folded.size();) {
        const CodePoint cp = decode_at(folded, at);
        if (is_letter(cp.value) || (cp.value >= '0' && cp.value <= '9')) {
            current += folded.substr(at, cp.length);
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
        at += cp.length;
    }
    if (!current.empty()) {
        words.push_back(std::move(current));
    }
    return words;
}

std::string join(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& word : words) {
        if (!out.empty()) {
            out += ' ';
        }
        out += word;
    }
    return out;
}

bool allowed_char(char c)
{
    return c == ' ' || c == '-' || c == '\'' || c == '{' || c == '}' || c == ','
        || (static_cast<unsigned char>(c) >= 0x80) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9');
}

std::optional<toml::table> parse_file(const std::filesystem::path& file, FileDiagnostics& diagnostics)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        diagnostics.report_unpositioned("", "cannot read the file", "check that it exists and is readable");
        return std::nullopt;
    }
    std::stringstream buffer;
    buffer << stream.rdbuf();
    try {
        return toml::parse(buffer.str(), diagnostics.file);
    } catch (const toml::parse_error& error) {
        diagnostics.report(error.source().begin, "", fmt::format("TOML syntax error: {}", error.description()),
            "nothing else in this file was checked; fix this first");
        return std::nullopt;
    }
}

class LexiconBuilder {
public:
    explicit LexiconBuilder(Lexicons& lexicons) : m_lexicons(&lexicons) { }

    /// Adds the strong or weak terms of one category.
    void add_terms(TableReader& root, std::string_view key, std::uint32_t category, bool strong, Need need)
    {
        const auto items = root.string_list(key, need);
        if (!items) {
            return;
        }
        for (const ListItem& item : *items) {
            add_term(item, category, strong, root.diagnostics());
        }
    }

    /// Adds the labels of one field type or special category.
    void add_labels(TableReader& table, LabelMeaning meaning)
    {
        for (const bool exact : { false, true }) {
            const auto items = table.string_list(exact ? "exact_labels" : "labels", Need::optional);
            if (!items) {
                continue;
            }
            meaning.exact_only = exact;
            for (const ListItem& item : *items) {
                add_label(item, meaning, table.diagnostics());
            }
        }
    }

private:
    bool check_syntax(const ListItem& item, FileDiagnostics& diagnostics)
    {
        if (!std::ranges::all_of(item.value, allowed_char)) {
            diagnostics.report(item.at, item.key_path, fmt::format("\"{}\" has a character a term cannot hold", item.value),
                "use letters, digits, spaces, hyphens, apostrophes and {a,b} suffix groups only");
            return false;
        }
        return true;
    }

    /// The word forms of one entry (`stem{a,b,}` expanded), or nullopt after reporting why not.
    std::optional<std::vector<std::string>> forms_of(
        const ListItem& item, std::string_view example, FileDiagnostics& diagnostics)
    {
        if (!check_syntax(item, diagnostics)) {
            return std::nullopt;
        }
        std::string problem;
        auto forms = expand_braces(item.value, problem);
        if (!forms) {
            diagnostics.report(item.at, item.key_path, fmt::format("\"{}\": {}", item.value, problem),
                fmt::format("write a stem followed by its endings, e.g. \"{}\"", example));
        }
        return forms;
    }

    void add_term(const ListItem& item, std::uint32_t category, bool strong, FileDiagnostics& diagnostics)
    {
        const auto forms = forms_of(item, "depressie{,s,f,ve}", diagnostics);
        if (!forms) {
            return;
        }
        const auto term_index = static_cast<std::uint32_t>(m_lexicons->terms.size());
        bool added = false;
        for (const std::string& form : *forms) {
            const std::vector<std::string> words = split_words(fold(form));
            if (words.empty() || words.size() > max_words) {
                diagnostics.report(item.at, item.key_path,
                    fmt::format("\"{}\" has {} words", form, words.size()), fmt::format("write 1 to {} words", max_words));
                return;
            }
            const std::string key = join(words);
            if (!m_seen_forms.emplace(category, key).second) {
                diagnostics.report(item.at, item.key_path,
                    fmt::format("\"{}\" is already in this lexicon", form), "remove the duplicate");
                continue;
            }
            added = true;
            if (words.size() == 1) {
                m_lexicons->single_words[key].push_back(term_index);
            } else {
                m_lexicons->multi_words[words.back()].push_back(MultiWordForm { words, term_index });
            }
        }
        if (added) {
            m_lexicons->terms.push_back(Term { forms->front(), category, strong });
        }
    }

    void add_label(const ListItem& item, const LabelMeaning& meaning, FileDiagnostics& diagnostics)
    {
        if (!check_syntax(item, diagnostics)) {
            return;
        }
        const std::vector<std::string> words = split_words(fold(item.value));
        if (words.empty() || words.size() > max_words) {
            diagnostics.report(item.at, item.key_path, fmt::format("\"{}\" is not a label of 1 to {} words", item.value, max_words),
                "write the label as it appears before the colon, e.g. \"geboortedatum\"");
            return;
        }
        const auto [it, inserted] = m_lexicons->labels.emplace(join(words), meaning);
        if (!inserted) {
            diagnostics.report(item.at, item.key_path, fmt::format("label \"{}\" is listed twice", item.value),
                "keep it under one field only");
            return;
        }
        m_lexicons->max_label_words = std::max(m_lexicons->max_label_words, words.size());
    }

public:
    /// One staff role word (brace groups allowed), each form a single word.
    void add_staff_role(const ListItem& item, FileDiagnostics& diagnostics)
    {
        const auto forms = forms_of(item, "collega{,s}", diagnostics);
        if (!forms) {
            return;
        }
        for (const std::string& form : *forms) {
            const std::vector<std::string> words = split_words(fold(form));
            if (words.size() != 1) {
                diagnostics.report(item.at, item.key_path, fmt::format("\"{}\" is not one word", form),
                    "write role words one by one, e.g. \"servicedesk\"");
                return;
            }
            if (std::ranges::find(m_lexicons->staff_roles, words.front()) != m_lexicons->staff_roles.end()) {
                diagnostics.report(item.at, item.key_path, fmt::format("\"{}\" is listed twice", form), "remove the duplicate");
                continue;
            }
            m_lexicons->staff_roles.push_back(words.front());
        }
    }

private:
    Lexicons* m_lexicons;
    std::set<std::pair<std::uint32_t, std::string>> m_seen_forms;
};

bool valid_category_name(std::string_view name)
{
    return !name.empty() && std::ranges::all_of(name, [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

void read_category_file(const std::filesystem::path& file, std::uint32_t category, LexiconBuilder& builder,
    FileDiagnostics& diagnostics)
{
    const auto table = parse_file(file, diagnostics);
    if (!table) {
        return;
    }
    TableReader root(*table, diagnostics, "");
    if (!config::check_schema_version(root)) {
        return;
    }
    (void)root.string("description", Need::optional);
    builder.add_terms(root, "strong", category, true, Need::required);
    builder.add_terms(root, "weak", category, false, Need::optional);
    root.report_unknown_keys();
}

void read_fields_file(const std::filesystem::path& file, Lexicons& lexicons, LexiconBuilder& builder,
    FileDiagnostics& diagnostics)
{
    const auto table = parse_file(file, diagnostics);
    if (!table) {
        return;
    }
    TableReader root(*table, diagnostics, "");
    if (!config::check_schema_version(root)) {
        return;
    }
    if (auto fields = root.table("fields", Need::required)) {
        for (const auto& [key, node] : fields->raw()) {
            const std::string name(key.str());
            auto sub = fields->table(name, Need::required);
            if (!sub) {
                continue;
            }
            const auto type = parse_field_type(name);
            if (!type) {
                diagnostics.report(key.source().begin, fields->path_of(name), "unknown field type",
                    fmt::format("use one of {}", known_field_types));
                continue;
            }
            builder.add_labels(*sub, LabelMeaning { false, *type, 0, false });
            sub->report_unknown_keys();
        }
        fields->report_unknown_keys();
    }
    if (auto special = root.table("special_categories", Need::optional)) {
        for (const auto& [key, node] : special->raw()) {
            const std::string name(key.str());
            auto sub = special->table(name, Need::required);
            if (!sub) {
                continue;
            }
            const auto found = std::ranges::find(lexicons.categories, name);
            if (found == lexicons.categories.end()) {
                diagnostics.report(key.source().begin, special->path_of(name), "no lexicon file for this category",
                    fmt::format("add {}.toml next to fields.toml, or use one of: {}", name,
                        fmt::join(lexicons.categories, ", ")));
                continue;
            }
            const auto index = static_cast<std::uint32_t>(found - lexicons.categories.begin());
            builder.add_labels(*sub, LabelMeaning { true, FieldType::other, index, false });
            sub->report_unknown_keys();
        }
        special->report_unknown_keys();
    }
    if (auto staff = root.table("staff", Need::optional)) {
        if (const auto items = staff->string_list("roles", Need::required)) {
            for (const ListItem& item : *items) {
                builder.add_staff_role(item, diagnostics);
            }
        }
        staff->report_unknown_keys();
    }
    root.report_unknown_keys();
}

} // namespace

std::optional<std::vector<std::string>> expand_braces(std::string_view pattern, std::string& problem)
{
    std::vector<std::string> forms { "" };
    std::size_t at = 0;
    while (at < pattern.size()) {
        if (pattern[at] == '}' || pattern[at] == ',') {
            problem = fmt::format("unexpected '{}'", pattern[at]);
            return std::nullopt;
        }
        if (pattern[at] != '{') {
            for (auto& form : forms) {
                form += pattern[at];
            }
            ++at;
            continue;
        }
        const std::size_t close = pattern.find('}', at);
        if (close == std::string_view::npos) {
            problem = "'{' without '}'";
            return std::nullopt;
        }
        const std::string_view group = pattern.substr(at + 1, close - at - 1);
        if (group.find('{') != std::string_view::npos) {
            problem = "nested '{'";
            return std::nullopt;
        }
        std::vector<std::string_view> endings;
        for (std::size_t start = 0;;) {
            const std::size_t comma = group.find(',', start);
            endings.push_back(group.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (comma == std::string_view::npos) {
                break;
            }
            start = comma + 1;
        }
        if (forms.size() * endings.size() > max_forms) {
            problem = fmt::format("more than {} forms", max_forms);
            return std::nullopt;
        }
        std::vector<std::string> next;
        for (const auto& form : forms) {
            for (const auto ending : endings) {
                next.push_back(form + std::string(ending));
            }
        }
        forms = std::move(next);
        at = close + 1;
    }
    for (const auto& form : forms) {
        if (std::ranges::all_of(form, [](char c) { return c == ' ' || c == '-' || c == '\''; })) {
            problem = "an empty form";
            return std::nullopt;
        }
    }
    return forms;
}

std::expected<Lexicons, std::vector<std::string>> load_lexicons(const std::filesystem::path& dir)
{
    Lexicons lexicons;
    LexiconBuilder builder(lexicons);
    std::vector<ConfigDiagnostic> problems;
    std::vector<std::filesystem::path> category_files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() == ".toml" && entry.path().filename() != "fields.toml") {
            category_files.push_back(entry.path());
        }
    }
    if (error) {
        return std::unexpected(std::vector<std::string> {
            fmt::format("{}: cannot read the lexicon directory: {} (check the path)", dir.string(), error.message()) });
    }
    std::ranges::sort(category_files);
    for (const auto& file : category_files) {
        FileDiagnostics diagnostics { file.string(), {} };
        const std::string name = file.stem().string();
        if (!valid_category_name(name)) {
            diagnostics.report_unpositioned("", fmt::format("\"{}\" is not a category name", name),
                "name the file after its category in lower-case letters and '_', e.g. trade_union.toml");
        } else {
            const auto index = static_cast<std::uint32_t>(lexicons.categories.size());
            lexicons.categories.push_back(name);
            read_category_file(file, index, builder, diagnostics);
        }
        std::ranges::move(diagnostics.items, std::back_inserter(problems));
    }
    FileDiagnostics fields { (dir / "fields.toml").string(), {} };
    read_fields_file(dir / "fields.toml", lexicons, builder, fields);
    std::ranges::move(fields.items, std::back_inserter(problems));
    if (!problems.empty()) {
        std::vector<std::string> lines;
        for (const auto& problem : problems) {
            lines.push_back(problem.str());
        }
        return std::unexpected(std::move(lines));
    }
    return lexicons;
}

} // namespace pm::detect
