// Shared value readers for gateway.toml and the protocol files.
#include "config/value_readers.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <limits>

namespace pm::config {

namespace {

bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/// RFC 5322 3.2.3 atext, plus '.' for a dot-atom (checked for placement separately).
bool is_atext(char c)
{
    constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || specials.find(c) != std::string_view::npos;
}

/// RFC 5322 dot-atom: atext runs separated by single dots.
bool is_dot_atom(std::string_view text)
{
    if (text.empty() || text.front() == '.' || text.back() == '.'
        || text.find("..") != std::string_view::npos) {
        return false;
    }
    return std::ranges::all_of(text, [](char c) { return c == '.' || is_atext(c); });
}

constexpr std::array<std::string_view, 3> configurable_actions = { "accept", "reject", "quarantine" };

} // namespace

bool check_schema_version(TableReader& root)
{
    if (root.find("schema_version", Need::optional) == nullptr) {
        root.diagnostics().report(root.position(), "schema_version", "missing schema_version",
            fmt::format("add schema_version = {} as the first line", supported_schema_version));
        return true;
    }
    const auto version = root.integer("schema_version", Need::optional,
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    if (version && *version != supported_schema_version) {
        root.report_value("schema_version", fmt::format("unsupported schema_version {}", *version),
            fmt::format("this protocol-milter reads schema_version = {}; write the file for that "
                        "version or upgrade protocol-milter",
                supported_schema_version));
        return false;
    }
    return true;
}

std::optional<std::string> normalise_domain(std::string_view text)
{
    std::string domain = ascii_lower(text);
    if (!domain.empty() && domain.back() == '.') {
        domain.pop_back();
    }
    if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string::npos) {
        return std::nullopt;
    }
    std::string_view rest = domain;
    while (true) {
        const auto dot = rest.find('.');
        const std::string_view label = rest.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-'
            || !std::ranges::all_of(label, [](char c) { return is_alnum(c) || c == '-'; })) {
            return std::nullopt;
        }
        if (dot == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(dot + 1);
    }
    return domain;
}

std::optional<std::string> normalise_guid(std::string_view text)
{
    if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
        text = text.substr(1, 36);
    }
    std::string guid = ascii_lower(text);
    if (guid.size() != 36) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < guid.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? guid[i] != '-' : !is_hex(guid[i])) {
            return std::nullopt;
        }
    }
    return guid;
}

std::optional<Address> parse_plain_address(const ListItem& item, FileDiagnostics& diagnostics)
{
    const std::string_view text = item.value;
    const auto at = text.find('@');
    const bool plain = at != std::string_view::npos && text.find('@', at + 1) == std::string_view::npos
        && is_dot_atom(text.substr(0, at)) && normalise_domain(text.substr(at + 1)).has_value();
    const std::optional<Address> address = plain ? Address::parse(text) : std::nullopt;
    if (!address) {
        diagnostics.report(item.at, item.key_path,
            fmt::format("\"{}\" is not a plain e-mail address", item.value),
            "write it as user@example.be, without display name, angle brackets or spaces");
        return std::nullopt;
    }
    // Same rule as Address::parse: a '+' after the first character starts a sub-address.
    if (const auto plus = text.substr(0, at).find('+'); plus != std::string_view::npos && plus > 0) {
        diagnostics.report(item.at, item.key_path, fmt::format("\"{}\" has a +tag", item.value),
            fmt::format("a mailbox is written without sub-address: \"{}\"", address->str()));
        return std::nullopt;
    }
    return address;
}

std::optional<Address> read_plain_address(TableReader& table, std::string_view key, Need need)
{
    const toml::node* node = table.find(key, need);
    if (node == nullptr) {
        return std::nullopt;
    }
    const std::optional<std::string> text = table.string(key, need);
    if (!text) {
        return std::nullopt;
    }
    return parse_plain_address(
        ListItem { *text, table.path_of(key), node->source().begin }, table.diagnostics());
}

std::optional<std::vector<Address>> read_address_list(
    TableReader& table, std::string_view key, Need need, std::vector<ListItem>* items)
{
    const auto list = table.string_list(key, need);
    if (!list) {
        return std::nullopt;
    }
    std::vector<Address> addresses;
    for (const ListItem& item : *list) {
        const std::optional<Address> address = parse_plain_address(item, table.diagnostics());
        if (!address) {
            continue;
        }
        if (std::ranges::find(addresses, *address) != addresses.end()) {
            table.diagnostics().report(item.at, item.key_path,
                fmt::format("{} is listed twice", address->str()), "remove the second one");
            continue;
        }
        addresses.push_back(*address);
        if (items != nullptr) {
            items->push_back(item);
        }
    }
    return addresses;
}

std::optional<std::vector<std::string>> read_domain_list(TableReader& table, std::string_view key, Need need)
{
    const auto list = table.string_list(key, need);
    if (!list) {
        return std::nullopt;
    }
    std::vector<std::string> domains;
    for (const ListItem& item : *list) {
        const std::optional<std::string> domain = normalise_domain(item.value);
        if (!domain) {
            table.diagnostics().report(item.at, item.key_path,
                fmt::format("\"{}\" is not a domain name", item.value),
                "write the bare domain, e.g. \"example.be\": no @, no scheme, no spaces");
        } else if (std::ranges::find(domains, *domain) != domains.end()) {
            table.diagnostics().report(
                item.at, item.key_path, fmt::format("{} is listed twice", *domain), "remove the second one");
        } else {
            domains.push_back(*domain);
        }
    }
    return domains;
}

std::optional<std::vector<std::string>> read_guid_list(TableReader& table, std::string_view key, Need need)
{
    const auto list = table.string_list(key, need);
    if (!list) {
        return std::nullopt;
    }
    std::vector<std::string> guids;
    for (const ListItem& item : *list) {
        const std::optional<std::string> guid = normalise_guid(item.value);
        if (!guid) {
            table.diagnostics().report(item.at, item.key_path,
                fmt::format("\"{}\" is not a GUID", item.value),
                "write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in hexadecimal");
        } else if (std::ranges::find(guids, *guid) != guids.end()) {
            table.diagnostics().report(
                item.at, item.key_path, fmt::format("{} is listed twice", *guid), "remove the second one");
        } else {
            guids.push_back(*guid);
        }
    }
    return guids;
}

std::map<ViolationCode, Action> read_actions(TableReader& parent)
{
    std::map<ViolationCode, Action> actions;
    const std::optional<TableReader> table = parent.table("actions", Need::optional);
    if (!table) {
        return actions;
    }
    TableReader reader = *table;
    std::vector<std::string_view> code_names;
    for (const ViolationCode code : all_violation_codes) {
        code_names.push_back(to_string(code));
    }
    for (const auto& [key, node] : reader.raw()) {
        const std::string name(key.str());
        if (const auto* nested = node.as_table()) {
            // `data.special_category = "..."` without quotes is a nested table in TOML.
            const std::string example
                = nested->empty() ? name : fmt::format("{}.{}", name, nested->cbegin()->first.str());
            reader.diagnostics().report(key.source().begin, reader.path_of(name),
                "a violation code must be a quoted key", fmt::format("write \"{}\" = \"reject\"", example));
            continue;
        }
        const std::optional<ViolationCode> code = parse_violation_code(name);
        if (!code) {
            const std::string_view close = closest_match(name, code_names);
            reader.diagnostics().report(key.source().begin, reader.path_of(name), "unknown violation code",
                close.empty() ? std::string("rules/README.md lists the violation codes")
                              : fmt::format("did you mean \"{}\"?", close));
            continue;
        }
        const std::optional<std::string> action_name = reader.string(name, Need::optional);
        if (!action_name) {
            continue;
        }
        if (const std::optional<Action> action = parse_action(*action_name)) {
            actions[*code] = *action;
        } else if (*action_name == "tempfail") {
            reader.report_value(name, "\"tempfail\" cannot be configured",
                "tempfail is reserved for the gateway's own failures; use \"reject\" or "
                "\"quarantine\"");
        } else {
            reader.report_value(name, fmt::format("unknown action \"{}\"", *action_name),
                allowed_values_fix(*action_name, configurable_actions));
        }
    }
    return actions;
}

} // namespace pm::config
