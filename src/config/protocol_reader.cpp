// The protocol file schema (rules/README.md documents every key).
#include "config/protocol_reader.hpp"

#include "config/value_readers.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace pm::config {

namespace {

constexpr std::array<std::string_view, 2> readable_attachment_modes = { "strict", "inspect" };
constexpr std::array<std::string_view, 2> transport_methods = { "encrypted_archive", "sensitivity_label" };
constexpr std::array<std::string_view, 3> archive_ciphers = { "aes128", "aes192", "aes256" };
constexpr std::array<Cipher, 3> archive_cipher_values = { Cipher::aes128, Cipher::aes192, Cipher::aes256 };

bool is_valid_id(std::string_view id)
{
    return !id.empty() && id.size() <= 64 && id.front() != '-' && std::ranges::all_of(id, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

/// A required free-text string that must not be blank.
std::optional<std::string> read_text(TableReader& table, std::string_view key, Need need)
{
    std::optional<std::string> text = table.string(key, need);
    if (text && text->find_first_not_of(" \t") == std::string::npos) {
        table.report_value(key, "must not be empty", "write the text between the quotes");
        return std::nullopt;
    }
    return text;
}

void read_parties(TableReader& root, Protocol& protocol)
{
    std::optional<TableReader> parties = root.table("parties", Need::required);
    if (!parties) {
        return;
    }
    protocol.discloser = read_text(*parties, "discloser", Need::required).value_or("");
    protocol.recipient = read_text(*parties, "recipient", Need::required).value_or("");
    parties->report_unknown_keys();
}

void read_recipient(TableReader& root, ProtocolFile& file)
{
    std::optional<TableReader> recipient = root.table("recipient", Need::required);
    if (!recipient) {
        return;
    }
    Protocol& protocol = file.protocol;
    if (auto mailboxes = read_address_list(*recipient, "mailboxes", Need::required, &file.mailbox_items)) {
        protocol.mailboxes = std::move(*mailboxes);
        if (recipient->raw()["mailboxes"].as_array()->empty()) {
            recipient->report_value("mailboxes", "lists no mailbox",
                "write the registered mailbox of Article 6, e.g. [\"ocmw@example.be\"]");
        }
    }
    if (auto domains = read_domain_list(*recipient, "domains", Need::required)) {
        protocol.domains = std::move(*domains);
        if (recipient->raw()["domains"].as_array()->empty()) {
            recipient->report_value("domains", "lists no domain",
                "write the recipient organisation's mail domain, e.g. [\"example.be\"]");
        }
    }
    recipient->report_unknown_keys();
}

void read_validity(TableReader& root, Protocol& protocol)
{
    std::optional<TableReader> validity = root.table("validity", Need::required);
    if (!validity) {
        return;
    }
    const std::optional<Date> from = validity->date("in_force_from", Need::required);
    protocol.in_force_until = validity->date("in_force_until", Need::optional);
    protocol.suspended = validity->boolean("suspended", Need::optional).value_or(false);
    if (from) {
        protocol.in_force_from = *from;
        if (protocol.in_force_until && *protocol.in_force_until < *from) {
            validity->report_value("in_force_until",
                fmt::format("{} is before in_force_from {}", format_date(*protocol.in_force_until),
                    format_date(*from)),
                "in_force_until is the last day the protocol applies; correct one of the two dates");
        }
    }
    validity->report_unknown_keys();
}

void read_data(TableReader& root, Protocol& protocol)
{
    std::optional<TableReader> data = root.table("data", Need::required);
    if (!data) {
        return;
    }
    if (const auto permitted = data->string_list("permitted", Need::required)) {
        std::vector<std::string_view> names;
        for (std::string_view rest = known_field_types; !rest.empty();) {
            const auto comma = rest.find(", ");
            names.push_back(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view {} : rest.substr(comma + 2);
        }
        for (const ListItem& item : *permitted) {
            const std::optional<FieldType> field = parse_field_type(item.value);
            if (!field) {
                const std::string_view close = closest_match(item.value, names);
                data->diagnostics().report(item.at, item.key_path,
                    fmt::format("unknown field type \"{}\"", item.value),
                    close.empty()
                        ? fmt::format("known types: {}", known_field_types)
                        : fmt::format("did you mean \"{}\"? known types: {}", close, known_field_types));
            } else if (protocol.permits(*field)) {
                data->diagnostics().report(item.at, item.key_path,
                    fmt::format("{} is listed twice", item.value), "remove the second one");
            } else {
                protocol.permitted_fields.push_back(*field);
            }
        }
    }
    protocol.cleartext_allowed = data->boolean("cleartext_allowed", Need::optional).value_or(false);
    if (const auto mode = data->choice("readable_attachments", Need::optional, readable_attachment_modes)) {
        protocol.readable_attachments
            = *mode == 0 ? ReadableAttachments::strict : ReadableAttachments::inspect;
    }
    protocol.own_domains
        = read_domain_list(*data, "own_domains", Need::optional).value_or(std::vector<std::string> {});
    if (auto places = data->string_list("own_postal_addresses", Need::optional)) {
        for (const ListItem& place : *places) {
            protocol.own_postal_addresses.push_back(place.value);
        }
    }
    data->report_unknown_keys();
}

void read_archive(TableReader& archive, ArchiveRequirement& requirement)
{
    if (const auto cipher = archive.choice("min_cipher", Need::optional, archive_ciphers)) {
        requirement.min_cipher = archive_cipher_values.at(*cipher);
    }
    requirement.require_encrypted_names
        = archive.boolean("encrypted_names", Need::optional).value_or(requirement.require_encrypted_names);
    if (const auto power = archive.integer("min_kdf_cycles_power", Need::optional, 0, 63)) {
        requirement.min_kdf_cycles_power = static_cast<int>(*power);
    }
    requirement.allow_zip_aes256
        = archive.boolean("allow_zip_aes256", Need::optional).value_or(requirement.allow_zip_aes256);
    archive.report_unknown_keys();
}

void read_label(TableReader& label, LabelRequirement& requirement)
{
    if (const auto names = label.string_list("names", Need::optional)) {
        for (const ListItem& item : *names) {
            if (item.value.find_first_not_of(" \t") == std::string::npos) {
                label.diagnostics().report(item.at, item.key_path, "a label name must not be empty",
                    "write the label's display name, e.g. \"Geheim\"");
            } else {
                requirement.names.push_back(item.value);
            }
        }
    }
    requirement.guids = read_guid_list(label, "guids", Need::optional).value_or(std::vector<std::string> {});
    requirement.site_ids
        = read_guid_list(label, "site_ids", Need::optional).value_or(std::vector<std::string> {});
    requirement.require_encryption
        = label.boolean("require_encryption", Need::optional).value_or(requirement.require_encryption);
    // Written entries count even when malformed: those already have a diagnostic of their own.
    const auto written = [&](std::string_view key) {
        const toml::node* node = label.raw().get(key);
        return node != nullptr && (!node->is_array() || !node->as_array()->empty());
    };
    if (!written("names") && !written("guids")) {
        label.diagnostics().report(label.position(), label.path(), "names no label to accept",
            "add names = [\"Geheim\"] with the label's display name, or guids = [\"...\"]");
    }
    label.report_unknown_keys();
}

void read_transport(TableReader& root, Protocol& protocol)
{
    std::optional<TableReader> transport = root.table("transport", Need::required);
    if (!transport) {
        return;
    }
    const auto method = transport->choice("method", Need::required, transport_methods);
    std::optional<TableReader> archive = transport->table("archive", Need::optional);
    std::optional<TableReader> label = transport->table("label", Need::optional);
    if (archive) {
        read_archive(*archive, protocol.archive);
    }
    if (label) {
        read_label(*label, protocol.label);
    }
    if (method) {
        const bool uses_archive = *method == 0;
        protocol.transport
            = uses_archive ? TransportMethod::encrypted_archive : TransportMethod::sensitivity_label;
        const std::string_view needed = uses_archive ? "archive" : "label";
        const std::optional<TableReader>& present = uses_archive ? archive : label;
        const std::optional<TableReader>& other = uses_archive ? label : archive;
        if (!present) {
            transport->diagnostics().report(transport->position(), transport->path_of(needed),
                "missing required table",
                fmt::format(
                    "method \"{}\" needs a [transport.{}] section", transport_methods.at(*method), needed));
        }
        if (other) {
            transport->diagnostics().report(other->position(), other->path(),
                fmt::format("does not apply to method \"{}\"", transport_methods.at(*method)),
                fmt::format("remove [{}], or change method", other->path()));
        }
    }
    transport->report_unknown_keys();
}

void read_contacts(TableReader& root, Protocol& protocol)
{
    auto contacts = root.table_array("contacts", Need::required);
    if (!contacts) {
        return;
    }
    for (TableReader& entry : *contacts) {
        Contact contact;
        contact.role = read_text(entry, "role", Need::required).value_or("");
        contact.organisation = read_text(entry, "organisation", Need::required).value_or("");
        if (const auto email = read_plain_address(entry, "email", Need::required)) {
            contact.email = email->str();
        }
        entry.report_unknown_keys();
        protocol.contacts.push_back(std::move(contact));
    }
}

/// `[legal]`: informational article references, validated but not used by the policy.
void read_legal(TableReader& root)
{
    std::optional<TableReader> legal = root.table("legal", Need::optional);
    if (!legal) {
        return;
    }
    for (const auto& [key, node] : legal->raw()) {
        const std::string_view name = key.str();
        const std::string_view number = name.starts_with("article_") ? name.substr(8) : std::string_view {};
        if (number.empty() || !std::ranges::all_of(number, [](char c) { return c >= '0' && c <= '9'; })) {
            legal->diagnostics().report(key.source().begin, legal->path_of(name), "unknown key",
                "[legal] holds article_<number> = \"...\" entries, e.g. article_6");
            continue;
        }
        read_text(*legal, name, Need::optional);
    }
}

} // namespace

ProtocolFile read_protocol(const toml::table& root_table, FileDiagnostics& diagnostics)
{
    ProtocolFile file;
    Protocol& protocol = file.protocol;
    protocol.source_file = diagnostics.file;
    TableReader root(root_table, diagnostics, "");
    if (!check_schema_version(root)) {
        return file;
    }
    if (const auto id = root.string("id", Need::required)) {
        if (is_valid_id(*id)) {
            protocol.id = *id;
            file.id_at = root_table["id"].node()->source().begin;
        } else {
            root.report_value("id", fmt::format("\"{}\" is not a valid protocol id", *id),
                "use lower-case letters, digits and '-', e.g. \"opgroeien-pepingen\"");
        }
    }
    protocol.title = read_text(root, "title", Need::required).value_or("");
    read_parties(root, protocol);
    read_recipient(root, file);
    read_validity(root, protocol);
    read_data(root, protocol);
    read_transport(root, protocol);
    read_contacts(root, protocol);
    read_legal(root);
    protocol.actions = read_actions(root);
    root.report_unknown_keys();
    return file;
}

} // namespace pm::config
