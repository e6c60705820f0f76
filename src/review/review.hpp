// The DPO's acts on the quarantine: release, delete, purge. Each changes the store, goes through
// the sendmail command when it delivers, and is written to the register.
#pragma once

#include "audit/register.hpp"
#include "config/policy.hpp"
#include "core/error.hpp"
#include "quarantine/store.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace pm::review {

/// Who acts and why (both go to the register).
struct Actor {
    std::string user;
    std::string reason;
};

/// The login name of whoever runs the command (SUDO_USER when run through sudo).
std::string current_user();

/// Releases `id`: reads the message (decrypting with `key` when stored encrypted), adds
/// `X-Protocol-Released: <ref>; by=<user>; until=...; mac=...` (quarantine/release_token.hpp),
/// hands it to the sendmail command with the original envelope, writes a `release` record and
/// removes the entry. Unknown id, wrong key, missing release key or a failing sendmail
/// command: an error and nothing changed (the entry stays). An error after sendmail accepted
/// the message says so.
Result<quarantine::Metadata> release(quarantine::Store& store, audit::Register& audit, const Policy& policy,
    std::string_view id, const Actor& actor, const std::optional<std::filesystem::path>& key, Instant now);

/// Deletes `id` without delivering it; writes a `delete` record.
Result<quarantine::Metadata> remove(
    quarantine::Store& store, audit::Register& audit, std::string_view id, const Actor& actor, Instant now);

/// Deletes every entry judged before `now - older_than`; one `purge` record each. Returns the
/// purged entries.
Result<std::vector<quarantine::Metadata>> purge(quarantine::Store& store, audit::Register& audit,
    std::chrono::seconds older_than, const Actor& actor, Instant now);

/// `30d`, `12h`, `90m`, `2w`, `45s` -> seconds; nullopt otherwise.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

} // namespace pm::review
