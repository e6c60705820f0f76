// The DPO side of gateway.toml: quarantine store, processing register, sender notices, delivery
// through the sendmail command, and the DPO report ([quarantine], [audit], [notice], [delivery],
// [report]).
#pragma once

#include "core/address.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pm {

/// Where state lives unless the gateway file says otherwise.
inline constexpr const char* default_state_dir = "/var/lib/protocol-milter";

/// `[quarantine]`: the project's own quarantine store.
struct QuarantineSettings {
    std::filesystem::path dir = std::filesystem::path(default_state_dir) / "quarantine";
    /// PEM certificate of the DPO: messages are stored as CMS EnvelopedData (AES-256) to it.
    std::optional<std::filesystem::path> encrypt_to;
    int retention_days = 30;  ///< `quarantine purge` without --older-than
    /// Secret shared by the daemon and `quarantine release`: a released message carries a MAC
    /// made with it, and the daemon lets exactly that message through without inspecting it again.
    std::filesystem::path release_key = std::filesystem::path(default_state_dir) / "release.key";
};

/// When the register is fsync'd.
enum class FsyncPolicy {
    always,  ///< after every line (nothing acknowledged is ever lost)
    batch,   ///< after `batch_lines` lines, and when the register is closed
};

/// `[audit]`: the processing register.
struct AuditSettings {
    std::filesystem::path file = std::filesystem::path(default_state_dir) / "audit.jsonl";
    FsyncPolicy fsync = FsyncPolicy::always;
    int batch_lines = 32;
    /// The register starts a new file past this size (0: never); the old one keeps its name
    /// with the time of rotation (`audit.20261124T090000Z.jsonl`) and the chain goes on.
    std::uint64_t rotate_bytes = 64ull << 20;
};

/// `[notice]`: the RFC 3464 notice a sender gets when a message is quarantined.
struct NoticeSettings {
    bool enabled = true;
    std::string from;  ///< From: of notices; default postmaster@<first discloser domain>
    std::filesystem::path templates = "templates";
    int max_per_sender = 5;  ///< notices per sender within `window`
    std::chrono::minutes window{60};
    std::string reporting_mta;  ///< Reporting-MTA name; default the host name
};

/// `[delivery]`: how the gateway hands mail to the MTA (releases, notices, reports).
struct DeliverySettings {
    /// argv; the gateway appends `-f <sender> -- <recipients>`.
    std::vector<std::string> sendmail = { "/usr/sbin/sendmail", "-G", "-i" };
    std::chrono::seconds timeout{60};
};

/// `[report]`: the DPO report.
struct ReportSettings {
    /// Who `report --mail` writes to; empty: every protocol contact in a discloser domain.
    std::vector<Address> mail_to;
};

struct DpoSettings {
    QuarantineSettings quarantine;
    AuditSettings audit;
    NoticeSettings notice;
    DeliverySettings delivery;
    ReportSettings report;
};

} // namespace pm
