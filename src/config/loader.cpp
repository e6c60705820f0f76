// Loads gateway.toml and the protocol files it names into one immutable Policy, collecting every
// problem of every file in one pass.
#include "config/loader.hpp"

#include "config/milter_settings.hpp"
#include "config/protocol_reader.hpp"
#include "config/toml_reader.hpp"
#include "config/value_readers.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

namespace pm {

std::string ConfigDiagnostic::str() const
{
    std::string out = file;
    if (line > 0) {
        out += fmt::format(":{}:{}", line, column);
    }
    out += ": ";
    if (!key_path.empty()) {
        out += key_path;
        out += ": ";
    }
    out += problem;
    if (!fix.empty()) {
        out += fmt::format(" ({})", fix);
    }
    return out;
}

namespace {

namespace fs = std::filesystem;
using namespace config;

/// Rule files are small; anything bigger is a mistake (a wrong path, a binary).
constexpr std::uintmax_t max_rule_file_bytes = 1u << 20;

constexpr std::array<std::string_view, 2> languages = { "nl", "nl+en" };

/// The whole file, or why it cannot be read.
std::expected<std::string, std::string> read_file(const fs::path& path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
        return std::unexpected(std::string("does not exist"));
    }
    if (!fs::is_regular_file(status)) {
        return std::unexpected(std::string("is not a regular file"));
    }
    if (const auto size = fs::file_size(path, ec); !ec && size > max_rule_file_bytes) {
        return std::unexpected(fmt::format("is larger than {} bytes", max_rule_file_bytes));
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::unexpected(
            fmt::format("cannot be opened: {}", errno != 0 ? std::strerror(errno) : "unknown error"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return std::unexpected(std::string("cannot be read"));
    }
    return std::move(text).str();
}

/// Parses TOML text; a syntax error becomes a diagnostic at its position.
std::optional<toml::table> parse_toml(const std::string& text, FileDiagnostics& diagnostics)
{
    try {
        return toml::parse(text, diagnostics.file);
    } catch (const toml::parse_error& error) {
        diagnostics.report(error.source().begin, "",
            fmt::format("TOML syntax error: {}", error.description()),
            "nothing else in this file was checked; fix this first");
        return std::nullopt;
    }
}

/// `*` matches any run of characters (none included); everything else matches itself.
bool matches_glob(std::string_view pattern, std::string_view name)
{
    std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

/// The protocol files one `gateway.protocols` entry names, sorted; problems go to `gateway`.
std::vector<fs::path> expand_protocol_entry(
    const ListItem& entry, const fs::path& gateway_file, FileDiagnostics& gateway)
{
    if (entry.value.empty()) {
        gateway.report(entry.at, entry.key_path, "empty path", "write a path such as \"protocols/*.toml\"");
        return {};
    }
    const fs::path pattern(entry.value);
    const fs::path full
        = (pattern.is_absolute() ? pattern : gateway_file.parent_path() / pattern).lexically_normal();
    const fs::path directory = full.parent_path();
    const std::string name = full.filename().string();
    if (directory.string().find('*') != std::string::npos) {
        gateway.report(entry.at, entry.key_path, "'*' is only allowed in the file name",
            "list each directory as an entry of its own");
        return {};
    }
    if (name.find('*') == std::string::npos) {
        std::error_code ec;
        if (!fs::exists(full, ec)) {
            gateway.report(entry.at, entry.key_path,
                fmt::format("protocol file {} does not exist", full.string()),
                "create it, or correct the path; it is relative to the gateway file's directory");
            return {};
        }
        return { full };
    }
    const fs::path scan = directory.empty() ? fs::path(".") : directory;
    std::error_code ec;
    fs::directory_iterator it(scan, ec);
    if (ec) {
        gateway.report(entry.at, entry.key_path,
            fmt::format("cannot list directory {}: {}", scan.string(), ec.message()),
            "create the directory, or correct the path; it is relative to the gateway file's directory");
        return {};
    }
    std::vector<fs::path> found;
    for (const fs::directory_entry& file : it) {
        const std::string file_name = file.path().filename().string();
        // Like a shell: a leading '*' does not match hidden files (editor and backup files).
        if ((file_name.starts_with('.') && !name.starts_with('.')) || !matches_glob(name, file_name)) {
            continue;
        }
        std::error_code file_ec;
        if (!file.is_regular_file(file_ec) || fs::equivalent(file.path(), gateway_file, file_ec)) {
            continue;
        }
        found.push_back(directory / file_name);
    }
    std::ranges::sort(found);
    if (found.empty()) {
        gateway.report(entry.at, entry.key_path,
            fmt::format("\"{}\" matches no file in {}", entry.value, scan.string()),
            "add a protocol file there, or correct the pattern");
    }
    return found;
}

bool is_header_name(std::string_view name)
{
    return !name.empty() && name.size() <= 64 && std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

void read_limits(TableReader& root, Limits& limits)
{
    std::optional<TableReader> table = root.table("limits", Need::optional);
    if (!table) {
        return;
    }
    constexpr std::int64_t mib = 1 << 20;
    if (const auto v = table->integer("max_message_bytes", Need::optional, mib, 1024 * mib)) {
        limits.max_message_bytes = static_cast<std::uint64_t>(*v);
    }
    if (const auto v = table->integer("max_mime_depth", Need::optional, 1, 100)) {
        limits.max_mime_depth = static_cast<std::uint32_t>(*v);
    }
    if (const auto v = table->integer("max_parts", Need::optional, 1, 100000)) {
        limits.max_parts = static_cast<std::uint32_t>(*v);
    }
    if (const auto v = table->integer("max_decoded_bytes", Need::optional, mib, 16 * 1024 * mib)) {
        limits.max_decoded_bytes = static_cast<std::uint64_t>(*v);
    }
    if (const auto v = table->integer("max_text_bytes", Need::optional, mib, 1024 * mib)) {
        limits.max_text_bytes = static_cast<std::uint64_t>(*v);
    }
    if (const auto v = table->integer("time_budget_ms", Need::optional, 100, 300000)) {
        limits.time_budget = std::chrono::milliseconds { *v };
    }
    if (const auto v = table->integer("max_container_depth", Need::optional, 0, 16)) {
        limits.max_container_depth = static_cast<std::uint32_t>(*v);
    }
    if (const auto v = table->integer("password_candidates", Need::optional, 0, 4096)) {
        limits.password_candidates = static_cast<std::uint32_t>(*v);
    }
    if (const auto v = table->integer("password_time_ms", Need::optional, 0, 60000)) {
        limits.password_budget = std::chrono::milliseconds { *v };
    }
    if (limits.password_budget >= limits.time_budget) {
        table->report_value("password_time_ms", "is not below time_budget_ms",
            "the password proof is part of the inspection: give it a share of time_budget_ms");
    }
    table->report_unknown_keys();
}

/// Reads gateway.toml's root table; returns the `gateway.protocols` entries to expand.
std::vector<ListItem> read_gateway(
    const toml::table& root_table, FileDiagnostics& diagnostics, GatewaySettings& settings)
{
    std::vector<ListItem> protocol_entries;
    TableReader root(root_table, diagnostics, "");
    if (!check_schema_version(root)) {
        return protocol_entries;
    }
    if (std::optional<TableReader> gateway = root.table("gateway", Need::required)) {
        if (auto domains = read_domain_list(*gateway, "discloser_domains", Need::required)) {
            settings.discloser_domains = std::move(*domains);
            if (gateway->raw()["discloser_domains"].as_array()->empty()) {
                gateway->report_value("discloser_domains", "lists no domain",
                    "write the sending organisation's domains, e.g. [\"opgroeien.be\"]");
            }
        }
        if (const auto language = gateway->choice("language", Need::optional, languages)) {
            settings.language = *language == 0 ? Language::nl : Language::nl_en;
        }
        if (const auto header = gateway->string("header_name", Need::optional)) {
            if (is_header_name(*header)) {
                settings.header_name = *header;
            } else {
                gateway->report_value("header_name",
                    fmt::format("\"{}\" is not a header field name", *header),
                    "use letters, digits and '-', e.g. \"X-Protocol-Check\"");
            }
        }
        if (const auto lexicons = gateway->string("lexicons", Need::optional)) {
            settings.lexicon_dir = *lexicons;
        }
        if (auto entries = gateway->string_list("protocols", Need::required)) {
            protocol_entries = std::move(*entries);
            if (gateway->raw()["protocols"].as_array()->empty()) {
                gateway->report_value(
                    "protocols", "names no protocol file", "write protocols = [\"protocols/*.toml\"]");
            }
        }
        gateway->report_unknown_keys();
    }
    read_limits(root, settings.limits);
    read_milter_settings(root, settings.milter);
    // Every code has an explicit default; codes the table leaves out reject.
    for (const ViolationCode code : all_violation_codes) {
        settings.actions[code] = Action::reject;
    }
    for (const auto& [code, action] : read_actions(root)) {
        settings.actions[code] = action;
    }
    root.report_unknown_keys();
    return protocol_entries;
}

std::string position_of(const std::string& file, const toml::source_position& at)
{
    return fmt::format("{}:{}:{}", file, at.line, at.column);
}

/// Ids and mailboxes must be unique across all protocol files; the later file gets the diagnostic.
void check_across_files(std::vector<ProtocolFile>& files, std::vector<FileDiagnostics>& diagnostics)
{
    std::map<std::string, std::size_t> id_owner;
    std::map<Address, std::pair<std::size_t, std::size_t>> mailbox_owner; // file, mailbox index
    for (std::size_t f = 0; f < files.size(); ++f) {
        const ProtocolFile& file = files[f];
        FileDiagnostics& out = diagnostics[f + 1];
        if (file.id_at) {
            const auto [it, inserted] = id_owner.emplace(file.protocol.id, f);
            if (!inserted) {
                const ProtocolFile& first = files[it->second];
                out.report(*file.id_at, "id",
                    fmt::format("protocol id \"{}\" is already used by {}", file.protocol.id,
                        position_of(first.protocol.source_file, *first.id_at)),
                    "give every protocol file its own id");
            }
        }
        for (std::size_t m = 0; m < file.protocol.mailboxes.size(); ++m) {
            const Address& mailbox = file.protocol.mailboxes[m];
            const auto [it, inserted] = mailbox_owner.emplace(mailbox, std::pair { f, m });
            if (inserted) {
                continue;
            }
            const ProtocolFile& first = files[it->second.first];
            const ListItem& here = file.mailbox_items[m];
            out.report(here.at, here.key_path,
                fmt::format("mailbox {} is also claimed by {}in {}", mailbox.str(),
                    first.protocol.id.empty() ? std::string {}
                                              : fmt::format("protocol \"{}\" ", first.protocol.id),
                    position_of(first.protocol.source_file, first.mailbox_items[it->second.second].at)),
                "a mailbox belongs to one protocol only; remove it from one of the two files");
        }
    }
}

} // namespace

ConfigResult load_policy(const fs::path& gateway_file)
{
    auto policy = std::make_shared<Policy>();
    policy->source_file = gateway_file.string();
    // diagnostics[0] is the gateway file, diagnostics[i + 1] the i-th protocol file.
    std::vector<FileDiagnostics> diagnostics(1, FileDiagnostics { gateway_file.string(), {} });

    std::vector<ListItem> entries;
    if (const auto text = read_file(gateway_file); !text) {
        diagnostics[0].report_unpositioned(
            "", fmt::format("the gateway file {}", text.error()), "check the path given with --config");
    } else if (const auto root = parse_toml(*text, diagnostics[0])) {
        entries = read_gateway(*root, diagnostics[0], policy->gateway);
    }
    // Lexicons live beside the rules unless the gateway file says otherwise.
    fs::path& lexicons = policy->gateway.lexicon_dir;
    if (lexicons.empty()) {
        lexicons = "lexicons";
    }
    if (lexicons.is_relative()) {
        lexicons = (gateway_file.parent_path() / lexicons).lexically_normal();
    }

    std::vector<fs::path> protocol_paths;
    std::vector<const ListItem*> named_by;
    for (const ListItem& entry : entries) {
        for (fs::path& path : expand_protocol_entry(entry, gateway_file, diagnostics[0])) {
            if (std::ranges::find(protocol_paths, path) == protocol_paths.end()) {
                protocol_paths.push_back(std::move(path));
                named_by.push_back(&entry);
            }
        }
    }

    std::vector<ProtocolFile> files;
    for (std::size_t i = 0; i < protocol_paths.size(); ++i) {
        FileDiagnostics file_diagnostics { protocol_paths[i].string(), {} };
        ProtocolFile file;
        file.protocol.source_file = file_diagnostics.file;
        if (const auto text = read_file(protocol_paths[i]); !text) {
            diagnostics[0].report(named_by[i]->at, named_by[i]->key_path,
                fmt::format("protocol file {} {}", protocol_paths[i].string(), text.error()),
                "make it a readable TOML file, or correct the path");
        } else if (const auto root = parse_toml(*text, file_diagnostics)) {
            file = read_protocol(*root, file_diagnostics);
        }
        files.push_back(std::move(file));
        diagnostics.push_back(std::move(file_diagnostics));
    }
    check_across_files(files, diagnostics);

    std::vector<ConfigDiagnostic> all;
    for (FileDiagnostics& file : diagnostics) {
        std::ranges::stable_sort(file.items, [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
            return std::pair { a.line, a.column } < std::pair { b.line, b.column };
        });
        std::ranges::move(file.items, std::back_inserter(all));
    }
    if (!all.empty()) {
        return std::unexpected(std::move(all));
    }
    for (ProtocolFile& file : files) {
        policy->protocols.push_back(std::move(file.protocol));
    }
    return std::shared_ptr<const Policy>(std::move(policy));
}

} // namespace pm
