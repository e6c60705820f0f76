// Which protocols a message falls under, from the envelope alone (decidable before the body).
#pragma once

#include "config/policy.hpp"
#include "policy/verdict.hpp"

#include <vector>

namespace pm {

struct Scope {
    /// Protocols that cover the message: sender in a discloser domain and a recipient is one of
    /// the protocol's registered mailboxes.
    std::vector<const Protocol*> covering;
    /// Protocols whose organisation receives the message from a discloser at an address that is
    /// not a registered mailbox (recipient.unregistered_mailbox may apply once content is known).
    std::vector<const Protocol*> near;

    /// False means no rule can apply to this message: accept it without reading the body.
    bool in_scope() const { return !covering.empty() || !near.empty(); }
};

/// Pointers borrow from `policy`, which must outlive the Scope.
Scope find_scope(const Envelope& envelope, const Policy& policy);

} // namespace pm
