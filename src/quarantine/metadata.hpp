// What the quarantine keeps beside each message: readable without the DPO's key (for the report).
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "policy/verdict.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pm::quarantine {

/// One quarantined message's metadata (`metadata.json`). Evidence is redacted as in the
/// Verdict; the envelope is kept as the MTA gave it, for the release.
struct Metadata {
    std::string id;        ///< the incident reference (core/incident.hpp)
    Instant time{};        ///< when it was judged
    std::string queue_id;  ///< the MTA's queue id, may be empty
    std::string sender;    ///< raw envelope sender; "" for `<>`
    std::vector<std::string> recipients;  ///< raw envelope recipients
    std::vector<std::string> protocols;
    std::vector<Violation> violations;
    std::uint64_t size = 0;  ///< message bytes (before encryption)
    std::string sha256;      ///< of the message bytes (before encryption)
    bool encrypted = false;  ///< stored as CMS EnvelopedData
};

/// Metadata for a message judged `verdict` (size, digest and encryption are filled by the store).
Metadata make_metadata(std::string id, Instant at, std::string queue_id, std::string sender,
    std::vector<std::string> recipients, const Verdict& verdict);

/// The JSON document (pretty-printed, one key per line).
std::string to_json(const Metadata& metadata);

/// Parses a metadata document; ErrorKind::io when it is not one (a damaged file).
Result<Metadata> metadata_from_json(std::string_view text);

} // namespace pm::quarantine
