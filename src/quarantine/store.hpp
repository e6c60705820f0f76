// The quarantine store: one directory per incident (message + metadata.json), made visible by an
// atomic rename only once both files are durable.
#pragma once

#include "config/dpo_settings.hpp"
#include "core/error.hpp"
#include "quarantine/metadata.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::quarantine {

/// Layout under `dir` (0700):
///   <ref>/metadata.json        0600, readable JSON (quarantine/metadata.hpp)
///   <ref>/message.eml          0600, the message as received; or
///   <ref>/message.p7m          0600, the same as DER CMS EnvelopedData when `encrypt_to` is set
///   .tmp-<ref>/ , .del-<ref>/  an entry being written or removed: never listed, cleaned later
/// Thread-safe: operations on different incidents do not interfere; the directory rename is
/// the commit point. Borrowed settings are copied.
class Store {
public:
    explicit Store(QuarantineSettings settings);

    /// Stores `message` under `metadata.id` (which must pass is_incident_ref and be new). Fills
    /// size, sha256 and encrypted. Returns only when the entry is durable (files and directory
    /// fsync'd, renamed, parent fsync'd): the daemon may DISCARD then, and must tempfail on error.
    Result<Metadata> put(Metadata metadata, std::string_view message);

    /// Every entry, oldest first. Damaged entries are skipped and named in `problems` when given.
    Result<std::vector<Metadata>> list(std::vector<std::string>* problems = nullptr) const;

    /// One entry's metadata; ErrorKind::usage for an id that is not an incident reference or
    /// not in the store.
    Result<Metadata> find(std::string_view id) const;

    /// The original message bytes, checked against the stored SHA-256. An encrypted entry needs
    /// `key` (PEM private key); a wrong key is ErrorKind::usage.
    Result<std::string> read_message(std::string_view id, const std::optional<std::filesystem::path>& key) const;

    /// Removes an entry: renamed out of sight first (atomic), then deleted. Unknown id: usage.
    Result<void> remove(std::string_view id);

    /// Removes what a crash left behind (`.tmp-*`, `.del-*`) older than `min_age`; returns how
    /// many were removed.
    Result<int> clean_leftovers(std::chrono::seconds min_age);

    const std::filesystem::path& dir() const { return m_settings.dir; }
    const QuarantineSettings& settings() const { return m_settings; }

private:
    Result<std::filesystem::path> entry_dir(std::string_view id) const;
    /// entry_dir() of an entry that exists; "no quarantined message" otherwise.
    Result<std::filesystem::path> existing_entry_dir(std::string_view id) const;

    QuarantineSettings m_settings;
};

/// Largest message file the store reads back (the gateway never stores more than its limits).
inline constexpr std::uint64_t max_stored_message_bytes = 2ull << 30;

} // namespace pm::quarantine
