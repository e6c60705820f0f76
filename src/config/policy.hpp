// The running policy: gateway settings and the signed protocols, loaded once, then immutable.
#pragma once

#include "config/milter_settings.hpp"
#include "core/address.hpp"
#include "core/codes.hpp"
#include "core/finding.hpp"
#include "core/limits.hpp"
#include "core/time.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pm {

/// Languages of the texts senders and the DPO read: Dutch always first.
enum class Language { nl, nl_en };

/// Article 6: how the data must travel.
enum class TransportMethod { encrypted_archive, sensitivity_label };

/// `[transport.archive]`: what an approved encrypted archive is.
struct ArchiveRequirement {
    Cipher min_cipher = Cipher::aes256;
    bool require_encrypted_names = true;
    int min_kdf_cycles_power = 19;
    bool allow_zip_aes256 = false;  ///< also approve zip AES-256 (names are then always visible)
};

/// `[transport.label]`: which Microsoft sensitivity labels are accepted.
struct LabelRequirement {
    std::vector<std::string> names;     ///< compared case-insensitively
    std::vector<std::string> guids;     ///< lower-case, no braces
    std::vector<std::string> site_ids;  ///< tenants; empty: any tenant
    bool require_encryption = true;     ///< the message must really be protected (rpmsg, S/MIME)
};

/// `[data] readable_attachments`: "strict" = every readable attachment is a violation;
/// "inspect" = readable attachments pass unless the detectors find something in them.
enum class ReadableAttachments { strict, inspect };

/// Article 9 contact: who is told about incidents.
struct Contact {
    std::string role;  ///< e.g. "dpo"
    std::string organisation;
    std::string email;
};

/// One signed protocol (one file in rules/protocols/).
struct Protocol {
    std::string id;
    std::string title;
    std::string discloser;          ///< party that sends (Article 1)
    std::string recipient;          ///< party that receives
    std::vector<Address> mailboxes; ///< Article 6: the registered mailbox(es)
    std::vector<std::string> domains; ///< the recipient organisation's mail domains
    Date in_force_from{};
    std::optional<Date> in_force_until;
    bool suspended = false;
    std::vector<FieldType> permitted_fields;  ///< Article 3
    bool cleartext_allowed = false;           ///< may permitted fields be readable?
    ReadableAttachments readable_attachments = ReadableAttachments::strict;
    TransportMethod transport = TransportMethod::encrypted_archive;
    ArchiveRequirement archive;
    LabelRequirement label;
    std::vector<Contact> contacts;
    /// Organisation domains whose addresses and phone numbers are not client data (issue 4).
    std::vector<std::string> own_domains;
    /// The organisations' own postal addresses ("Markt 15a, 3980 Tessenderlo-Ham"): not client data.
    std::vector<std::string> own_postal_addresses;
    std::map<ViolationCode, Action> actions;  ///< per-code overrides of the gateway defaults
    std::string source_file;

    bool is_registered_mailbox(const Address& address) const;
    bool in_organisation(const Address& address) const;
    bool in_force_at(Instant at) const;
    bool permits(FieldType field) const;
};

/// `rules/gateway.toml`.
struct GatewaySettings {
    std::vector<std::string> discloser_domains;
    Limits limits;
    std::map<ViolationCode, Action> actions;  ///< a default for every code
    Language language = Language::nl;
    std::string header_name = "X-Protocol-Check";
    /// The personal-data lexicons (fields.toml, one file per special category); resolved
    /// against the gateway file's directory.
    std::filesystem::path lexicon_dir;
    /// `[milter]`: the daemon's socket, spool and logging (config/milter_settings.hpp).
    MilterSettings milter;
};

/// Immutable after loading; shared read-only between threads as shared_ptr<const Policy>.
struct Policy {
    GatewaySettings gateway;
    std::vector<Protocol> protocols;
    std::string source_file;

    bool is_discloser(const Address& address) const;
    /// The protocol's override when it has one, else the gateway default, else reject.
    Action action_for(const Protocol& protocol, ViolationCode code) const;
};

} // namespace pm
