// The pipeline: scope -> MIME tree -> protection, attachments and text -> detectors, password
// proof -> evaluate, within the time budget.
#include "inspect/inspect.hpp"

#include "inspect/attachments.hpp"
#include "inspect/password_proof.hpp"
#include "inspect/readable_text.hpp"
#include "policy/evaluate.hpp"
#include "policy/scope.hpp"
#include "protection/labels.hpp"
#include "protection/message_protection.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

namespace pm {

namespace {

using Clock = std::chrono::steady_clock;

// Proves (or not) that the archives' passwords are in the readable text; logs, never judges, a
// budget that runs out.
void prove_archive_passwords(std::vector<EncryptedArchive>& archives, const std::vector<ReadableText>& texts,
    const Limits& limits, Clock::duration remaining, Inspection& inspection)
{
    if (archives.empty() || limits.password_candidates == 0) {
        return;
    }
    for (const EncryptedArchive& archive : archives) {
        if (const std::string_view reason = archive.check->unprovable_reason(); !reason.empty()) {
            // Notes are logged: the part's path only, never its file name.
            const std::string_view path = std::string_view(archive.part).substr(0, archive.part.find(' '));
            inspection.notes.push_back(fmt::format("password proof for part {}: {}", path, reason));
        }
    }
    const auto candidates = password_candidates(texts, limits.password_candidates);
    const auto budget
        = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(remaining), limits.password_budget);
    ProofOutcome proof = prove_passwords(archives, candidates, budget);
    inspection.findings.insert(inspection.findings.end(), std::make_move_iterator(proof.findings.begin()),
        std::make_move_iterator(proof.findings.end()));
    if (proof.exhausted) {
        inspection.notes.push_back(fmt::format("password proof stopped by its {} ms budget after {} trials of {} candidates",
            budget.count(), proof.tried, candidates.size()));
    }
}

// The organisations whose own contact data is not client data: the disclosers and every
// protocol the message falls under.
detect::ScanContext scan_context(const Scope& scope, const Policy& policy)
{
    detect::ScanContext context;
    context.own_domains = policy.gateway.discloser_domains;
    const auto add_protocol = [&](const Protocol* p) {
        context.own_domains.insert(context.own_domains.end(), p->own_domains.begin(), p->own_domains.end());
        context.own_domains.insert(context.own_domains.end(), p->domains.begin(), p->domains.end());
        context.own_postal_addresses.insert(
            context.own_postal_addresses.end(), p->own_postal_addresses.begin(), p->own_postal_addresses.end());
        for (const Contact& c : p->contacts) {
            context.own_addresses.push_back(ascii_lower(c.email));
        }
        for (const Address& a : p->mailboxes) {
            context.own_addresses.push_back(a.str());
        }
    };
    std::ranges::for_each(scope.covering, add_protocol);
    std::ranges::for_each(scope.near, add_protocol);
    return context;
}

Result<Verdict> judge(const Envelope& envelope, const Scope& scope, const mime::MessageTree& tree,
    const Ruleset& rules, Instant at, Clock::time_point started)
{
    const Policy& policy = *rules.policy;
    const Limits& limits = policy.gateway.limits;
    Inspection inspection;
    inspection.findings = tree.problems;
    inspection.labels = protection::read_labels(tree.headers);
    protection::ProtectionResult protection = protection::detect_message_protection(tree);
    inspection.protection = protection.protection;
    inspection.findings.insert(inspection.findings.end(), protection.problems.begin(), protection.problems.end());

    std::uint64_t text_budget = limits.max_text_bytes;
    std::vector<ReadableText> texts = message_texts(tree, protection.container_paths, text_budget);
    AttachmentScan scan = classify_attachments(tree, protection.container_paths, limits, text_budget, inspection);
    texts.insert(texts.end(), std::make_move_iterator(scan.texts.begin()), std::make_move_iterator(scan.texts.end()));

    const detect::ScanContext context = scan_context(scope, policy);
    for (const ReadableText& text : texts) {
        std::vector<Finding> found = rules.detector->scan(text.text, text.part, context);
        inspection.findings.insert(
            inspection.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    prove_archive_passwords(scan.encrypted, texts, limits, limits.time_budget - (Clock::now() - started), inspection);

    if (Clock::now() - started > limits.time_budget) {
        return fail(ErrorKind::resource, fmt::format("time budget of {} ms exceeded", limits.time_budget.count()));
    }
    Verdict verdict = evaluate(envelope, scope, inspection, policy, at);
    verdict.notes = std::move(inspection.notes);
    return verdict;
}

Verdict too_large(const Envelope& envelope, const Scope& scope, std::size_t size, const Policy& policy, Instant at)
{
    Inspection inspection;
    inspection.findings.push_back(
        Finding{{}, LimitExceeded{"max_message_bytes", size, policy.gateway.limits.max_message_bytes}, {}, 1.0});
    return evaluate(envelope, scope, inspection, policy, at);
}

} // namespace

Result<Verdict> inspect(const Envelope& envelope, std::string_view message, const Ruleset& rules, Instant at)
{
    const Policy& policy = *rules.policy;
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
    return judge(envelope, scope, *tree, rules, at, started);
}

Result<Verdict> inspect_parsed(const Envelope& envelope, const mime::MessageTree& tree, std::size_t message_size,
    const Ruleset& rules, Instant at)
{
    const Scope scope = find_scope(envelope, *rules.policy);
    if (!scope.in_scope()) {
        return Verdict{};
    }
    if (message_size > rules.policy->gateway.limits.max_message_bytes) {
        return too_large(envelope, scope, message_size, *rules.policy, at);
    }
    return judge(envelope, scope, tree, rules, at, Clock::now());
}

Verdict judge_oversized(const Envelope& envelope, std::uint64_t message_size, const Ruleset& rules, Instant at)
{
    const Scope scope = find_scope(envelope, *rules.policy);
    if (!scope.in_scope()) {
        return Verdict{};
    }
    return too_large(envelope, scope, message_size, *rules.policy, at);
}

} // namespace pm
