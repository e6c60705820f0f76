// Scope: covering and near protocols from envelope addresses.
#include "policy/scope.hpp"

#include <algorithm>

namespace pm {

Scope find_scope(const Envelope& envelope, const Policy& policy)
{
    Scope scope;
    if (!envelope.sender || !policy.is_discloser(*envelope.sender)) {
        return scope;
    }
    for (const Protocol& protocol : policy.protocols) {
        const bool covers = std::ranges::any_of(envelope.recipients,
            [&](const Address& rcpt) { return protocol.is_registered_mailbox(rcpt); });
        if (covers) {
            scope.covering.push_back(&protocol);
            continue;
        }
        const bool near = std::ranges::any_of(
            envelope.recipients, [&](const Address& rcpt) { return protocol.in_organisation(rcpt); });
        if (near) {
            scope.near.push_back(&protocol);
        }
    }
    return scope;
}

} // namespace pm
