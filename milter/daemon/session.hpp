// One milter connection: the envelope, the fast path, the bounded message buffer and the verdict
// carried out through MilterActions. No libmilter here: the unit tests drive it with a fake.
#pragma once

#include "core/time.hpp"
#include "daemon/message_buffer.hpp"
#include "daemon/milter_actions.hpp"
#include "daemon/ruleset_store.hpp"
#include "policy/verdict.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pm::milter {

/// What a callback answers; milter/ maps it to SMFIS_*.
enum class Step {
    next,      ///< SMFIS_CONTINUE
    accept,    ///< SMFIS_ACCEPT: no more callbacks for this message
    reject,    ///< SMFIS_REJECT (with the reply set through MilterActions)
    tempfail,  ///< SMFIS_TEMPFAIL (with the reply set through MilterActions)
    skip,      ///< SMFIS_SKIP: no more body chunks, go to end of message
    no_reply,  ///< SMFIS_NOREPLY: the MTA does not wait for an answer to this step
};

/// Protocol options agreed with the MTA at negotiation.
struct Negotiated {
    bool header_leading_space = false;  ///< SMFIP_HDR_LEADSPC: header values keep their leading space
    bool header_no_reply = false;       ///< SMFIP_NR_HDR
    bool mail_no_reply = false;         ///< SMFIP_NR_MAIL
    bool rcpt_no_reply = false;         ///< SMFIP_NR_RCPT
    bool skip = false;                  ///< SMFIP_SKIP: the MTA understands SMFIS_SKIP
};

/// Process-wide state every Session shares. Thread-safe.
struct DaemonState {
    explicit DaemonState(RulesetStore& store, std::function<Instant()> now = now_instant)
        : rules(store), clock(std::move(now))
    {
    }
    RulesetStore& rules;
    std::function<Instant()> clock;
    std::atomic<std::int64_t> in_flight{0};   ///< messages between MAIL FROM and their decision
    std::atomic<std::uint64_t> fast_path{0};  ///< messages accepted on the envelope alone
    std::atomic<std::uint64_t> judged{0};     ///< messages judged at end of message
};

/// The per-connection state: one message at a time, several messages per connection. Every
/// callback of one connection runs on one thread at a time (libmilter's guarantee); sessions of
/// different connections run in parallel and share only DaemonState.
class Session {
public:
    Session(DaemonState& state, Negotiated negotiated);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Step on_mail(MilterActions& actions, std::string_view sender);
    Step on_rcpt(MilterActions& actions, std::string_view recipient);
    Step on_data(MilterActions& actions);
    Step on_header(MilterActions& actions, std::string_view name, std::string_view value);
    Step on_eoh(MilterActions& actions);
    Step on_body(MilterActions& actions, std::string_view chunk);
    Step on_eom(MilterActions& actions);
    /// The MTA abandoned the message (RSET, client gone): forget it.
    void on_abort();

    /// A callback failed in a way we could not handle (an exception): the current message can
    /// no longer be judged, so it is refused with a temporary failure at the next step that can
    /// answer. Never throws.
    void mark_failed(std::string_view reason) noexcept;
    /// Sets the 451 reply and logs the failure; ends the message. Never throws.
    Step tempfail(MilterActions& actions, std::string_view reason) noexcept;

    const Negotiated& negotiated() const { return m_negotiated; }
    /// True between MAIL FROM and the message's decision or abort.
    bool has_message() const { return m_message != nullptr; }
    /// The current message's buffer (tests inspect spilling), or nullptr.
    MessageBuffer* buffer();

private:
    struct Message;

    void start_message(MilterActions& actions);
    void end_message() noexcept;
    /// Decides the scope on the envelope once; accept ends the message (fast path).
    Step decide_scope(MilterActions& actions);
    void add_bytes(std::string_view bytes);
    Step finish(MilterActions& actions);

    DaemonState& m_state;
    Negotiated m_negotiated;
    std::unique_ptr<Message> m_message;
};

/// Runs one callback body; any exception becomes a temporary failure (451 with a reply when the
/// step can answer, else the message is marked failed and answered at its next step). The only
/// way a callback reaches libmilter: nothing is thrown across the C boundary.
template <class Callback>
Step guarded(MilterActions& actions, Session* session, bool can_reply, Callback&& callback) noexcept
{
    try {
        if (session == nullptr) {
            throw std::runtime_error("no session for this connection");
        }
        return callback(*session);
    } catch (const std::exception& e) {
        if (session == nullptr) {
            return can_reply ? Step::tempfail : Step::no_reply;
        }
        if (!can_reply) {
            session->mark_failed(e.what());
            return Step::no_reply;
        }
        return session->tempfail(actions, e.what());
    } catch (...) {
        if (session != nullptr && !can_reply) {
            session->mark_failed("unknown exception");
            return Step::no_reply;
        }
        return session != nullptr ? session->tempfail(actions, "unknown exception")
                                  : (can_reply ? Step::tempfail : Step::no_reply);
    }
}

} // namespace pm::milter
