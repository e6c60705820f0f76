// Typed, position-aware reading of toml++ tables: every problem becomes a ConfigDiagnostic.
#pragma once

#include "config/loader.hpp"
#include "core/address.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace pm::config {

/// The diagnostics of one file. Not thread-safe; lives for one load_policy() call.
struct FileDiagnostics {
    std::string file;
    std::vector<ConfigDiagnostic> items;

    /// Records `file:line:col: key_path: problem (fix)` at `at`.
    void report(
        const toml::source_position& at, std::string key_path, std::string problem, std::string fix = {});
    /// Records a problem that has no position in this file (`file: key_path: problem (fix)`).
    void report_unpositioned(std::string key_path, std::string problem, std::string fix = {});
};

/// Whether a key must be present.
enum class Need { required, optional };

/// `prefix.key`, quoting `key` when it is not a bare TOML key (e.g. `actions."label.wrong"`).
std::string join_key_path(std::string_view prefix, std::string_view key);

/// The candidate closest to `word` when it is a plausible typo (small edit distance), else "".
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// `(use "a" or "b")`-style list of the allowed values, with a did-you-mean when one is close.
std::string allowed_values_fix(std::string_view found, std::span<const std::string_view> allowed);

/// A string element of a TOML array, with where it was written.
struct ListItem {
    std::string value;
    std::string key_path; ///< e.g. "recipient.mailboxes[0]"
    toml::source_position at;
};

/// Reads one TOML table into typed values. Every key asked for becomes "known"; a key the table
/// holds but nobody asked for is reported by report_unknown_keys(), with a did-you-mean hint.
/// Borrows the table and the diagnostics: both must outlive the reader.
class TableReader {
public:
    TableReader(const toml::table& table, FileDiagnostics& diagnostics, std::string path);

    /// The node under `key` (nullptr when absent); reports a missing required key.
    const toml::node* find(std::string_view key, Need need);

    std::optional<std::string> string(std::string_view key, Need need);
    std::optional<bool> boolean(std::string_view key, Need need);
    /// An integer in [min, max]; out-of-range values are reported and yield nullopt.
    std::optional<std::int64_t> integer(std::string_view key, Need need, std::int64_t min, std::int64_t max);
    /// A TOML local date (`2026-02-01`, unquoted). Quoted or time-carrying values are reported.
    std::optional<Date> date(std::string_view key, Need need);
    /// One of `allowed` (a string); returns its index.
    std::optional<std::size_t> choice(
        std::string_view key, Need need, std::span<const std::string_view> allowed);
    /// An array of strings; elements of another type are reported and skipped.
    std::optional<std::vector<ListItem>> string_list(std::string_view key, Need need);
    /// A sub-table (`[path.key]` or an inline table), as a reader of its own.
    std::optional<TableReader> table(std::string_view key, Need need);
    /// An array of tables (`[[path.key]]`); each element as a reader of its own.
    std::optional<std::vector<TableReader>> table_array(std::string_view key, Need need);

    /// Reports unknown keys: present in the table, never asked for.
    void report_unknown_keys();

    /// Reports a problem with the value under `key`, at the value's position.
    void report_value(std::string_view key, std::string problem, std::string fix = {});

    const toml::table& raw() const { return *m_table; }
    const std::string& path() const { return m_path; }
    std::string path_of(std::string_view key) const { return join_key_path(m_path, key); }
    /// Where the table starts (its `[header]`, or 1:1 for the root table).
    toml::source_position position() const { return m_table->source().begin; }
    FileDiagnostics& diagnostics() const { return *m_diagnostics; }

private:
    /// "the [data] section" or "this [[contacts]] entry", for fixes.
    std::string section_name() const;
    /// Reports that the value under `key` has the wrong type.
    void report_type(std::string_view key, const toml::node& node, toml::node_type expected);

    const toml::table* m_table;
    FileDiagnostics* m_diagnostics;
    std::string m_path;
    std::vector<std::string> m_known;
};

} // namespace pm::config
