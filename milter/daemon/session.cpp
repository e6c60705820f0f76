// The per-connection session: envelope, fast path, buffering and the verdict carried out.
#include "daemon/session.hpp"

#include "core/incident.hpp"
#include "daemon/decision_log.hpp"
#include "daemon/reply_text.hpp"
#include "inspect/inspect.hpp"
#include "policy/scope.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace pm::milter {

namespace {

using Clock = std::chrono::steady_clock;

/// Header names compare case-insensitively (RFC 5322).
bool same_header_name(std::string_view a, std::string_view b)
{
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::ranges::equal(a, b, [&](char x, char y) { return lower(x) == lower(y); });
}

/// A header field as it stood in the message: `name:value` with folded lines ending in CRLF.
/// Postfix (like Sendmail) passes continuation lines separated by a bare LF and, unless
/// SMFIP_HDR_LEADSPC was agreed, drops one space after the colon.
std::string header_field(std::string_view name, std::string_view value, bool leading_space_kept)
{
    std::string field;
    field.reserve(name.size() + value.size() + 8);
    field.append(name);
    field += leading_space_kept ? ":" : ": ";
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) {
            field += '\r';
        }
        field += value[i];
    }
    field += "\r\n";
    return field;
}

std::string symbol_or_empty(MilterActions& actions, std::string_view name)
{
    return actions.symbol(name).value_or("");
}

} // namespace

struct Session::Message {
    Message(std::shared_ptr<const Ruleset> ruleset, std::atomic<std::int64_t>& counter)
        : rules(std::move(ruleset)),
          buffer(rules->policy->gateway.milter.spool_dir, rules->policy->gateway.milter.memory_buffer_bytes),
          in_flight(counter)
    {
        in_flight.fetch_add(1, std::memory_order_relaxed);
    }
    ~Message() { in_flight.fetch_sub(1, std::memory_order_relaxed); }
    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;

    std::shared_ptr<const Ruleset> rules;  ///< the rules this message started with
    Envelope envelope;
    bool authenticated = false;
    bool scope_decided = false;
    MessageBuffer buffer;
    std::uint64_t size = 0;  ///< bytes seen, also past the limit
    bool oversized = false;
    bool headers_ended = false;
    int own_headers = 0;     ///< fields already named like our check header (forged or stale)
    std::string failure;     ///< our own failure: tempfail at the next step that can answer
    std::atomic<std::int64_t>& in_flight;
};

Session::Session(DaemonState& state, Negotiated negotiated) : m_state(state), m_negotiated(negotiated) { }

Session::~Session()
{
    end_message();
}

MessageBuffer* Session::buffer()
{
    return m_message ? &m_message->buffer : nullptr;
}

void Session::end_message() noexcept
{
    m_message.reset();
}

void Session::start_message(MilterActions& actions)
{
    end_message();
    auto rules = m_state.rules.current();
    if (!rules || !rules->policy) {
        throw std::runtime_error("no rules loaded");
    }
    m_message = std::make_unique<Message>(std::move(rules), m_state.in_flight);
    m_message->authenticated = !symbol_or_empty(actions, "{auth_authen}").empty();
}

void Session::mark_failed(std::string_view reason) noexcept
{
    try {
        if (m_message && m_message->failure.empty()) {
            m_message->failure = std::string(reason);
        }
    } catch (...) {
        // Out of memory while recording: the message still fails below (no verdict possible).
    }
}

Step Session::tempfail(MilterActions& actions, std::string_view reason) noexcept
{
    try {
        const Instant at = m_state.clock();
        const std::string ref = new_incident_ref(at);
        const Language language = m_message ? m_message->rules->policy->gateway.language : Language::nl;
        actions.set_reply("451", "4.7.1", tempfail_reply(language, ref));
        Decision d;
        d.queue_id = symbol_or_empty(actions, "i");
        d.ref = ref;
        d.verdict = "tempfail";
        d.error = std::string(reason);
        if (m_message) {
            d.size = m_message->size;
            d.authenticated = m_message->authenticated;
            if (m_message->envelope.sender) {
                d.sender_domain = m_message->envelope.sender->domain();
            }
        }
        spdlog::warn("{}", format_decision(d));
    } catch (...) {
        // The reply could not be set: Postfix's own 451 text is used; the answer stays tempfail.
    }
    end_message();
    return Step::tempfail;
}

Step Session::on_mail(MilterActions& actions, std::string_view sender)
{
    start_message(actions);
    // "<>" (and anything without a usable '@') is no discloser: the fast path takes it.
    m_message->envelope.sender = Address::parse(sender);
    if (!m_message->envelope.sender) {
        m_message->envelope.sender = Address::parse(symbol_or_empty(actions, "{mail_addr}"));
    }
    return m_negotiated.mail_no_reply ? Step::no_reply : Step::next;
}

Step Session::on_rcpt(MilterActions& actions, std::string_view recipient)
{
    const Step answer = m_negotiated.rcpt_no_reply ? Step::no_reply : Step::next;
    if (!m_message) {
        throw std::runtime_error("RCPT without MAIL");
    }
    auto address = Address::parse(recipient);
    if (!address) {
        address = Address::parse(symbol_or_empty(actions, "{rcpt_addr}"));
    }
    if (address) {
        // Bounded by the MTA's own recipient limit; duplicates change nothing.
        if (std::ranges::find(m_message->envelope.recipients, *address) == m_message->envelope.recipients.end()) {
            m_message->envelope.recipients.push_back(std::move(*address));
        }
    } else {
        spdlog::debug("recipient without a usable address ignored for the scope");
    }
    return answer;
}

Step Session::decide_scope(MilterActions& actions)
{
    Message& m = *m_message;
    if (m.scope_decided) {
        return Step::next;
    }
    m.scope_decided = true;
    const Scope scope = find_scope(m.envelope, *m.rules->policy);
    if (scope.in_scope()) {
        return Step::next;
    }
    m_state.fast_path.fetch_add(1, std::memory_order_relaxed);
    if (spdlog::should_log(spdlog::level::debug)) {
        spdlog::debug("queue_id={} verdict=accept fast_path=yes sender_domain={}", symbol_or_empty(actions, "i"),
            m.envelope.sender ? m.envelope.sender->domain() : "-");
    }
    end_message();
    return Step::accept;
}

Step Session::on_data(MilterActions& actions)
{
    if (!m_message) {
        throw std::runtime_error("DATA without MAIL");
    }
    if (!m_message->failure.empty()) {
        return tempfail(actions, m_message->failure);
    }
    return decide_scope(actions);
}

void Session::add_bytes(std::string_view bytes)
{
    Message& m = *m_message;
    m.size += bytes.size();
    if (m.oversized || !m.failure.empty()) {
        return;
    }
    if (m.size > m.rules->policy->gateway.limits.max_message_bytes) {
        // What lies beyond the limit is never judged: keep counting, stop storing.
        m.oversized = true;
        m.buffer.clear();
        return;
    }
    if (auto added = m.buffer.append(bytes); !added) {
        m.failure = added.error().message;
        m.buffer.clear();
    }
}

Step Session::on_header(MilterActions& actions, std::string_view name, std::string_view value)
{
    const Step answer = m_negotiated.header_no_reply ? Step::no_reply : Step::next;
    if (!m_message) {
        throw std::runtime_error("header without MAIL");
    }
    if (!m_message->failure.empty() && !m_negotiated.header_no_reply) {
        return tempfail(actions, m_message->failure);
    }
    if (same_header_name(name, m_message->rules->policy->gateway.header_name)) {
        ++m_message->own_headers;
    }
    add_bytes(header_field(name, value, m_negotiated.header_leading_space));
    return answer;
}

Step Session::on_eoh(MilterActions& actions)
{
    if (!m_message) {
        throw std::runtime_error("end of headers without MAIL");
    }
    if (!m_message->failure.empty()) {
        return tempfail(actions, m_message->failure);
    }
    if (const Step scope = decide_scope(actions); scope != Step::next) {
        return scope;
    }
    m_message->headers_ended = true;
    add_bytes("\r\n");
    return Step::next;
}

Step Session::on_body(MilterActions& actions, std::string_view chunk)
{
    if (!m_message) {
        throw std::runtime_error("body without MAIL");
    }
    if (!m_message->failure.empty()) {
        return tempfail(actions, m_message->failure);
    }
    add_bytes(chunk);
    if (!m_message->failure.empty()) {
        return tempfail(actions, m_message->failure);
    }
    if (m_message->oversized && m_negotiated.skip) {
        return Step::skip;
    }
    return Step::next;
}

Step Session::on_eom(MilterActions& actions)
{
    if (!m_message) {
        throw std::runtime_error("end of message without MAIL");
    }
    if (!m_message->failure.empty()) {
        return tempfail(actions, m_message->failure);
    }
    if (const Step scope = decide_scope(actions); scope != Step::next) {
        return scope;
    }
    return finish(actions);
}

void Session::on_abort()
{
    end_message();
}

Step Session::finish(MilterActions& actions)
{
    Message& m = *m_message;
    const Policy& policy = *m.rules->policy;
    const auto started = Clock::now();
    const Instant at = m_state.clock();
    const std::string ref = new_incident_ref(at);

    Decision d;
    d.queue_id = symbol_or_empty(actions, "i");
    d.ref = ref;
    d.size = m.size;
    d.authenticated = m.authenticated;
    if (m.envelope.sender) {
        d.sender_domain = m.envelope.sender->domain();
    }
    if (!m.headers_ended) {
        // The MTA skipped end-of-headers: the body starts after an empty line all the same.
        add_bytes("\r\n");
    }

    Result<Verdict> judged = [&]() -> Result<Verdict> {
        if (m.oversized) {
            return judge_oversized(m.envelope, m.size, *m.rules, at);
        }
        auto bytes = m.buffer.view();
        if (!bytes) {
            return std::unexpected(bytes.error());
        }
        return inspect(m.envelope, *bytes, *m.rules, at);
    }();
    m_state.judged.fetch_add(1, std::memory_order_relaxed);
    d.ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    if (!judged) {
        return tempfail(actions, judged.error().message);
    }
    const Verdict& verdict = *judged;
    d.protocols = verdict.protocols;
    for (const Violation& v : verdict.violations) {
        const std::string code(to_string(v.code));
        if (std::ranges::find(d.codes, code) == d.codes.end()) {
            d.codes.push_back(code);
        }
    }
    for (const std::string& note : verdict.notes) {
        spdlog::info("ref={} note=\"{}\"", ref, note);
    }

    const auto remove_own_headers = [&] {
        // Only we may say a message passed: copies the sender wrote are removed, last first.
        for (int index = m.own_headers; index >= 1; --index) {
            if (!actions.delete_header(policy.gateway.header_name, index)) {
                spdlog::warn("ref={} the MTA refused to remove a {} header", ref, policy.gateway.header_name);
            }
        }
    };

    Step step = Step::accept;
    switch (verdict.action) {
    case Action::accept:
        d.verdict = "accept";
        remove_own_headers();
        if (!verdict.protocols.empty()
            && !actions.add_header(policy.gateway.header_name, check_header_value("pass", verdict, ref))) {
            spdlog::warn("ref={} the MTA refused the {} header", ref, policy.gateway.header_name);
        }
        break;
    case Action::reject:
        d.verdict = "reject";
        if (!actions.set_reply("550", "5.7.1", reject_reply(verdict, policy, ref))) {
            spdlog::warn("ref={} the MTA refused the reply text; it rejects with its own", ref);
        }
        step = Step::reject;
        break;
    case Action::quarantine:
        d.verdict = "quarantine";
        if (!actions.quarantine(quarantine_reason(verdict, ref))) {
            // Accepting without the hold would deliver what must be held.
            return tempfail(actions, "the MTA refused to put the message on hold");
        }
        remove_own_headers();
        actions.add_header(policy.gateway.header_name, check_header_value("held", verdict, ref));
        break;
    case Action::tempfail:
        return tempfail(actions, verdict.error.empty() ? "inspection failed" : verdict.error);
    }
    log_decision(d);
    end_message();
    return step;
}

} // namespace pm::milter
