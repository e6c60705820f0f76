// The editable texts of the sender notice (rules/templates/): `{{placeholder}}` substitution,
// validated when loaded.
#pragma once

#include "config/policy.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pm::notice {

/// The placeholders a notice template may use.
///   ref         the incident reference
///   date        when the message was judged (UTC, YYYY-MM-DD HH:MM)
///   subject     the original Subject (decoded)
///   recipients  the envelope recipients, comma-separated
///   protocols   the titles of the protocols that applied, comma-separated
///   violations  one line per violation: "- <what is wrong and how to fix it>"
///   contacts    one line per contact: "- <organisation> (<role>): <email>"
inline constexpr std::string_view placeholder_names[] = { "ref", "date", "subject", "recipients", "protocols",
    "violations", "contacts" };

/// One template file: its first line is `Subject: ...`, then an empty line, then the body.
struct Template {
    std::string file;
    std::string subject;
    std::string body;
};

/// The Dutch template, and the English one for `language = "nl+en"`.
struct Templates {
    Template nl;
    std::optional<Template> en;
};

/// Reads `notice.nl.txt` (and `notice.en.txt` for Language::nl_en) from `dir`. Every problem as
/// `file:line:col: problem (fix)`: a missing file, no Subject line, an unknown or unclosed
/// placeholder.
std::expected<Templates, std::vector<std::string>> load_templates(const std::filesystem::path& dir, Language language);

/// Parses one template text (`file` names it in problems).
std::expected<Template, std::vector<std::string>> parse_template(std::string_view text, const std::string& file);

/// `text` with each `{{name}}` replaced by `values[name]` (validated names only).
std::string render(std::string_view text, const std::map<std::string, std::string, std::less<>>& values);

} // namespace pm::notice
