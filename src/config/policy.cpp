// Queries on the loaded policy.
#include "config/policy.hpp"

#include <algorithm>

namespace pm {

bool Protocol::is_registered_mailbox(const Address& address) const
{
    return std::ranges::find(mailboxes, address) != mailboxes.end();
}

bool Protocol::in_organisation(const Address& address) const
{
    return std::ranges::any_of(domains, [&](const std::string& d) { return address.in_domain(d); });
}

bool Protocol::in_force_at(Instant at) const
{
    using namespace std::chrono;
    if (suspended || at < sys_days{in_force_from}) {
        return false;
    }
    // in_force_until is the last day the protocol applies, inclusive.
    return !in_force_until || at < sys_days{*in_force_until} + days{1};
}

bool Protocol::permits(FieldType field) const
{
    return std::ranges::find(permitted_fields, field) != permitted_fields.end();
}

bool Policy::is_discloser(const Address& address) const
{
    return std::ranges::any_of(
        gateway.discloser_domains, [&](const std::string& d) { return address.in_domain(d); });
}

Action Policy::action_for(const Protocol& protocol, ViolationCode code) const
{
    if (const auto it = protocol.actions.find(code); it != protocol.actions.end()) {
        return it->second;
    }
    if (const auto it = gateway.actions.find(code); it != gateway.actions.end()) {
        return it->second;
    }
    return Action::reject;
}

} // namespace pm
