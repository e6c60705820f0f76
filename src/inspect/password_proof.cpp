// Password proof loop: cheap checks first is the checkers' business; here, order and budget.
#include "inspect/password_proof.hpp"

#include <algorithm>

namespace pm {

ProofOutcome prove_passwords(
    std::vector<EncryptedArchive>& archives, const std::vector<PasswordCandidate>& candidates,
    std::chrono::milliseconds budget)
{
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + budget;
    ProofOutcome outcome;
    std::vector<bool> proved(archives.size(), false);
    for (const PasswordCandidate& candidate : candidates) {
        for (std::size_t i = 0; i < archives.size(); ++i) {
            if (proved[i] || !archives[i].check) {
                continue;
            }
            if (Clock::now() >= deadline) {
                outcome.exhausted = true;
                return outcome;
            }
            ++outcome.tried;
            if (archives[i].check->opens(candidate.value)) {
                proved[i] = true;
                outcome.findings.push_back(
                    Finding{archives[i].part, PasswordInMessage{candidate.part}, {}, 1.0});
            }
        }
        if (std::ranges::all_of(proved, [](bool p) { return p; })) {
            break;
        }
    }
    return outcome;
}

} // namespace pm
