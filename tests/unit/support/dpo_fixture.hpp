// A DPO-side test world: a temp state dir, the two-protocol policy with [quarantine], [audit],
// [notice] and [delivery] pointing into it, a fake sendmail, and a quarantined incident.
#pragma once

#include "config/policy.hpp"
#include "quarantine/metadata.hpp"
#include "support/process.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pm::test {

/// What the fake sendmail saw in one call.
struct SentMail {
    std::vector<std::string> argv;  ///< without argv[0]
    std::string input;
};

class DpoWorld {
public:
    DpoWorld();

    /// Writes `dir/sendmail`: records argv and stdin per call in dir/calls/, exits `status`
    /// (with a line on stderr when not 0).
    void install_sendmail(int status);
    /// Every call recorded so far, in order.
    std::vector<SentMail> sent() const;

    const std::filesystem::path& dir() const { return m_dir.path(); }
    Policy policy;

private:
    TempDir m_dir;
};

/// A special-category referral with a text body (holding `body_marker`) and a docx attachment
/// named `attachment_name`, From/To as the envelope.
std::string special_category_message(const std::string& body_marker, const std::string& attachment_name);

/// Metadata of a quarantined special-category referral: sender jan.peeters@opgroeien.be to
/// socialedienst@tessenderlo-ham.be under opgroeien-tessenderlo-ham.
quarantine::Metadata special_category_incident(Instant at, std::string sender = "jan.peeters@opgroeien.be");

/// Makes a self-signed certificate and its unencrypted key with the openssl CLI.
void make_key_pair(const std::filesystem::path& cert, const std::filesystem::path& key);

} // namespace pm::test
