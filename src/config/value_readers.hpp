// Readers for the value kinds both rule-file kinds share: schema_version, domains, mailboxes,
// GUIDs and [actions] tables.
#pragma once

#include "config/toml_reader.hpp"
#include "core/address.hpp"
#include "core/codes.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::config {

/// The only schema_version this build reads.
inline constexpr std::int64_t supported_schema_version = 1;

/// Checks the root `schema_version`. A missing key is reported and reading goes on; an
/// unsupported version is reported and returns false: the rest of the file has an unknown
/// schema and is not read.
bool check_schema_version(TableReader& root);

/// A domain name, lower-cased and without a trailing dot; nullopt when it is not one
/// (labels of a-z, 0-9 and '-', at least two labels).
std::optional<std::string> normalise_domain(std::string_view text);

/// A Microsoft GUID (`{...}` or bare 8-4-4-4-12 hex), lower-cased without braces; nullopt otherwise.
std::optional<std::string> normalise_guid(std::string_view text);

/// A plain addr-spec (`user@example.be`: no display name, brackets, spaces or `+tag`) as a
/// normalised Address. Anything else is reported at `item` and yields nullopt.
std::optional<Address> parse_plain_address(const ListItem& item, FileDiagnostics& diagnostics);

/// The single plain address under `key` (see parse_plain_address).
std::optional<Address> read_plain_address(TableReader& table, std::string_view key, Need need);

/// The list of plain addresses under `key`; duplicates are reported. Also returns each element's
/// position (for cross-file checks) through `items` when non-null.
std::optional<std::vector<Address>> read_address_list(
    TableReader& table, std::string_view key, Need need, std::vector<ListItem>* items = nullptr);

/// The list of domain names under `key`: normalised, duplicates reported.
std::optional<std::vector<std::string>> read_domain_list(TableReader& table, std::string_view key, Need need);

/// The list of GUIDs under `key`: normalised (see normalise_guid), duplicates reported.
std::optional<std::vector<std::string>> read_guid_list(TableReader& table, std::string_view key, Need need);

/// The optional `[actions]` table under `parent`: `"violation.code" = "accept|reject|quarantine"`.
/// Unknown codes, unknown actions and "tempfail" are reported and left out.
std::map<ViolationCode, Action> read_actions(TableReader& parent);

} // namespace pm::config
