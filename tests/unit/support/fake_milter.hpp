// A recording MilterActions and a driver that feeds a Session a message the way Postfix does.
#pragma once

#include "daemon/milter_actions.hpp"
#include "daemon/session.hpp"
#include "support/process.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pm::test {

/// Records what the session asked of the MTA.
class FakeMilterActions final : public milter::MilterActions {
public:
    struct Reply {
        std::string rcode;
        std::string xcode;
        std::vector<std::string> lines;
    };

    std::map<std::string, std::string> symbols;  ///< macro values the "MTA" sent
    std::vector<std::pair<std::string, std::string>> added_headers;
    std::vector<std::pair<std::string, int>> deleted_headers;
    std::optional<Reply> reply;
    std::optional<std::string> quarantine_reason;
    bool refuse_quarantine = false;

    std::optional<std::string> symbol(std::string_view name) override;
    bool add_header(std::string_view name, std::string_view value) override;
    bool delete_header(std::string_view name, int index) override;
    bool set_reply(std::string_view rcode, std::string_view xcode, const std::vector<std::string>& lines) override;
    bool quarantine(std::string_view reason) override;

    /// Forgets what the previous message asked for (the symbols stay).
    void clear_requests();
};

/// What Postfix negotiates with this milter: leading space kept, no replies for headers, MAIL
/// and RCPT, SMFIS_SKIP understood.
milter::Negotiated postfix_negotiated();

/// One Session under test with its own rules, spool directory and fake MTA.
class SessionHarness {
public:
    /// `policy.gateway.milter.spool_dir` is replaced by a fresh temporary directory unless
    /// `keep_spool_dir`.
    explicit SessionHarness(Policy policy, milter::Negotiated negotiated = postfix_negotiated(),
        bool keep_spool_dir = false);

    /// MAIL FROM and RCPT TO; REQUIREs the answers the negotiation promises.
    void envelope(const std::string& sender, const std::vector<std::string>& recipients);
    /// DATA, each header field as Postfix passes it, EOH, the body in 65535-byte chunks and
    /// EOM; stops at the first answer that ends the message and returns it.
    milter::Step message(const std::string& bytes, bool send_data = true);
    /// envelope() then message().
    milter::Step send(const std::string& sender, const std::vector<std::string>& recipients, const std::string& bytes);

    /// Files now in the spool directory.
    std::vector<std::string> spool_files() const;

    TempDir dir;
    milter::RulesetStore store;
    milter::DaemonState state;
    milter::Session session;
    FakeMilterActions actions;
    std::filesystem::path spool_dir;
};

/// Each header field of `message` split as Postfix's milter client passes it: the name, and the
/// value after the colon with its leading space (or without one space unless `leading_space`)
/// and continuation lines joined by a bare LF.
std::vector<std::pair<std::string, std::string>> postfix_header_fields(const std::string& message, bool leading_space);

/// The body of `message` (after the first empty line).
std::string message_body(const std::string& message);

} // namespace pm::test
