// The pipeline: scope -> MIME tree -> inspectors -> evaluate, within the time budget.
#include "inspect/inspect.hpp"

#include "inspect/attachments.hpp"
#include "policy/evaluate.hpp"
#include "policy/scope.hpp"

#include <chrono>
#include <fmt/format.h>

namespace pm {

namespace {

using Clock = std::chrono::steady_clock;

Result<Verdict> judge(const Envelope& envelope, const Scope& scope, const mime::MessageTree& tree,
    const Policy& policy, Instant at, Clock::time_point started)
{
    Inspection inspection;
    inspection.findings = tree.problems;
    classify_attachments(tree, inspection);

    const auto budget = policy.gateway.limits.time_budget;
    if (Clock::now() - started > budget) {
        return fail(ErrorKind::resource, fmt::format("time budget of {} ms exceeded", budget.count()));
    }
    return evaluate(envelope, scope, inspection, policy, at);
}

Verdict too_large(const Envelope& envelope, const Scope& scope, std::size_t size,
    const Policy& policy, Instant at)
{
    Inspection inspection;
    inspection.findings.push_back(Finding{{},
        LimitExceeded{"max_message_bytes", size, policy.gateway.limits.max_message_bytes}, {}, 1.0});
    return evaluate(envelope, scope, inspection, policy, at);
}

} // namespace

Result<Verdict> inspect(const Envelope& envelope, std::string_view message, const Policy& policy,
    Instant at)
{
    const Scope scope = find_scope(envelope, policy);
    if (!scope.in_scope()) {
        return Verdict{};
    }
    const auto started = Clock::now();
    if (message.size() > policy.gateway.limits.max_message_bytes) {
        return too_large(envelope, scope, message.size(), policy, at);
    }
    auto tree = mime::parse_message(message, policy.gateway.limits);
    if (!tree) {
        return std::unexpected(tree.error());
    }
    return judge(envelope, scope, *tree, policy, at, started);
}

Result<Verdict> inspect_parsed(const Envelope& envelope, const mime::MessageTree& tree,
    std::size_t message_size, const Policy& policy, Instant at)
{
    const Scope scope = find_scope(envelope, policy);
    if (!scope.in_scope()) {
        return Verdict{};
    }
    if (message_size > policy.gateway.limits.max_message_bytes) {
        return too_large(envelope, scope, message_size, policy, at);
    }
    return judge(envelope, scope, tree, policy, at, Clock::now());
}

} // namespace pm
