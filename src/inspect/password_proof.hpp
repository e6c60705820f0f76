// The proof that an archive's password travels in the same message: try candidates, within budget.
#pragma once

#include "archive/archive_report.hpp"
#include "core/finding.hpp"
#include "inspect/password_candidates.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pm {

/// An encrypted archive of the message and its checker.
struct EncryptedArchive {
    std::string part;  ///< "2 verwijzing.7z"
    std::unique_ptr<archive::PasswordCheck> check;
};

struct ProofOutcome {
    std::vector<Finding> findings;  ///< PasswordInMessage, one per archive proved
    std::size_t tried = 0;          ///< candidate x archive trials made
    bool exhausted = false;         ///< stopped by the time budget before the list ended
};

/// Tries each candidate (in order) on each archive not yet proved, until all are proved, the
/// candidates end or `budget` runs out. A password-like phrase that does not open an archive
/// is not a finding, and neither is running out of budget.
ProofOutcome prove_passwords(
    std::vector<EncryptedArchive>& archives, const std::vector<PasswordCandidate>& candidates,
    std::chrono::milliseconds budget);

} // namespace pm
