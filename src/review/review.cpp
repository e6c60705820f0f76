#include "review/review.hpp"

#include "audit/message_facts.hpp"
#include "delivery/sendmail.hpp"
#include "mime/message_tree.hpp"
#include "quarantine/release_token.hpp"

#include <charconv>
#include <cstdlib>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

namespace pm::review {
namespace {

audit::Record record_for(const quarantine::Metadata& m, audit::Event event, const Actor& actor, Instant now)
{
    Verdict verdict;
    verdict.action = Action::quarantine;
    verdict.protocols = m.protocols;
    verdict.violations = m.violations;
    audit::Record r = audit::decision_record(m.id, now, m.queue_id, m.sender, m.recipients, verdict);
    r.event = event;
    r.actor = actor.user;
    r.reason = actor.reason;
    return r;
}

Result<void> check_reason(const Actor& actor)
{
    if (actor.reason.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorKind::usage, "a reason is required (--reason TEXT): it goes to the processing register");
    }
    return {};
}

} // namespace

std::string current_user()
{
    if (const char* sudo = std::getenv("SUDO_USER"); sudo != nullptr && *sudo != '\0') {
        return sudo;
    }
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    return fmt::format("uid{}", ::geteuid());
}

Result<quarantine::Metadata> release(quarantine::Store& store, audit::Register& audit, const Policy& policy,
    std::string_view id, const Actor& actor, const std::optional<std::filesystem::path>& key, Instant now)
{
    if (auto ok = check_reason(actor); !ok) {
        return std::unexpected(ok.error());
    }
    auto metadata = store.find(id);
    if (!metadata) {
        return std::unexpected(metadata.error());
    }
    auto message = store.read_message(id, key);
    if (!message) {
        return std::unexpected(message.error());
    }
    auto secret = quarantine::load_release_key(store.settings().release_key, false);
    if (!secret) {
        return fail(ErrorKind::config,
            fmt::format("no release key: {} (the daemon creates it when it starts; it must be readable by this "
                        "command, or the released message would be quarantined again)",
                secret.error().message));
    }
    const quarantine::ReleasedMessage bound { metadata->sender, &metadata->recipients, quarantine::message_body(*message) };
    const std::string mark = quarantine::make_release_mark(*secret, metadata->id, actor.user, now, bound);
    const std::string released = quarantine::with_release_header(*message, mark);
    delivery::Submission submission;
    submission.sender = metadata->sender;
    submission.recipients = metadata->recipients;
    submission.message = released;
    if (auto sent = delivery::submit(policy.gateway.dpo.delivery, submission); !sent) {
        return fail(sent.error().kind, fmt::format("{} was not released: {}; it stays in the quarantine", id, sent.error().message));
    }
    audit::Record record = record_for(*metadata, audit::Event::release, actor, now);
    if (auto tree = mime::parse_message(*message, policy.gateway.limits); tree) {
        audit::add_message_facts(record, *tree);
    }
    auto written = audit.append(record);
    auto removed = store.remove(id);
    if (!written || !removed) {
        return fail(ErrorKind::io,
            fmt::format("{} WAS handed to the sendmail command, but {}", id,
                !written ? "the register could not be written: " + written.error().message
                         : "the entry could not be removed: " + removed.error().message));
    }
    return metadata;
}

Result<quarantine::Metadata> remove(
    quarantine::Store& store, audit::Register& audit, std::string_view id, const Actor& actor, Instant now)
{
    if (auto ok = check_reason(actor); !ok) {
        return std::unexpected(ok.error());
    }
    auto metadata = store.find(id);
    if (!metadata) {
        return std::unexpected(metadata.error());
    }
    // The register first: a deletion that is not recorded must not happen.
    if (auto written = audit.append(record_for(*metadata, audit::Event::remove, actor, now)); !written) {
        return fail(written.error().kind, fmt::format("{} was not deleted: {}", id, written.error().message));
    }
    if (auto removed = store.remove(id); !removed) {
        return std::unexpected(removed.error());
    }
    return metadata;
}

Result<std::vector<quarantine::Metadata>> purge(quarantine::Store& store, audit::Register& audit,
    std::chrono::seconds older_than, const Actor& actor, Instant now)
{
    auto entries = store.list();
    if (!entries) {
        return std::unexpected(entries.error());
    }
    std::vector<quarantine::Metadata> purged;
    for (const quarantine::Metadata& m : *entries) {
        if (m.time >= now - older_than) {
            continue;
        }
        if (auto written = audit.append(record_for(m, audit::Event::purge, actor, now)); !written) {
            return std::unexpected(written.error());
        }
        if (auto removed = store.remove(m.id); !removed) {
            return std::unexpected(removed.error());
        }
        purged.push_back(m);
    }
    return purged;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text)
{
    if (text.size() < 2) {
        return std::nullopt;
    }
    long long value = 0;
    const auto digits = text.substr(0, text.size() - 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc {} || end != digits.data() + digits.size() || value < 0 || value > 100LL * 365 * 24 * 3600) {
        return std::nullopt;
    }
    switch (text.back()) {
    case 's': return std::chrono::seconds { value };
    case 'm': return std::chrono::seconds { value * 60 };
    case 'h': return std::chrono::seconds { value * 3600 };
    case 'd': return std::chrono::seconds { value * 86400 };
    case 'w': return std::chrono::seconds { value * 7 * 86400 };
    default: return std::nullopt;
    }
}

} // namespace pm::review
