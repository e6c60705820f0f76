// The fake MTA side of the session tests.
#include "support/fake_milter.hpp"

#include "support/policy_fixture.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

namespace pm::test {

std::optional<std::string> FakeMilterActions::symbol(std::string_view name)
{
    const auto it = symbols.find(std::string(name));
    return it == symbols.end() ? std::nullopt : std::optional<std::string>(it->second);
}

bool FakeMilterActions::add_header(std::string_view name, std::string_view value)
{
    added_headers.emplace_back(name, value);
    return true;
}

bool FakeMilterActions::delete_header(std::string_view name, int index)
{
    deleted_headers.emplace_back(name, index);
    return true;
}

bool FakeMilterActions::set_reply(std::string_view rcode, std::string_view xcode, const std::vector<std::string>& lines)
{
    reply = Reply{std::string(rcode), std::string(xcode), lines};
    return true;
}

bool FakeMilterActions::quarantine(std::string_view reason)
{
    if (refuse_quarantine) {
        return false;
    }
    quarantine_reason = std::string(reason);
    return true;
}

void FakeMilterActions::clear_requests()
{
    added_headers.clear();
    deleted_headers.clear();
    reply.reset();
    quarantine_reason.reset();
}

milter::Negotiated postfix_negotiated()
{
    milter::Negotiated n;
    n.header_leading_space = true;
    n.header_no_reply = true;
    n.mail_no_reply = true;
    n.rcpt_no_reply = true;
    n.skip = true;
    return n;
}

namespace {

Policy with_spool(Policy policy, const std::filesystem::path& spool, bool keep)
{
    if (!keep) {
        policy.gateway.milter.spool_dir = spool;
    }
    return policy;
}

} // namespace

SessionHarness::SessionHarness(Policy policy, milter::Negotiated negotiated, bool keep_spool_dir)
    : store(std::make_shared<const Ruleset>(ruleset_for(with_spool(std::move(policy), dir.path() / "spool", keep_spool_dir)))),
      state(store, [] { return in_force_time(); }),
      session(state, negotiated),
      spool_dir(store.current()->policy->gateway.milter.spool_dir)
{
    if (!keep_spool_dir) {
        std::filesystem::create_directories(spool_dir);
    }
    actions.symbols["i"] = "4XyZ1A2B3C";
}

void SessionHarness::envelope(const std::string& sender, const std::vector<std::string>& recipients)
{
    const milter::Step expected = session.negotiated().mail_no_reply ? milter::Step::no_reply : milter::Step::next;
    REQUIRE(session.on_mail(actions, "<" + sender + ">") == expected);
    for (const std::string& r : recipients) {
        REQUIRE(session.on_rcpt(actions, "<" + r + ">")
            == (session.negotiated().rcpt_no_reply ? milter::Step::no_reply : milter::Step::next));
    }
}

milter::Step SessionHarness::message(const std::string& bytes, bool send_data)
{
    using milter::Step;
    if (send_data) {
        if (const Step s = session.on_data(actions); s != Step::next) {
            return s;
        }
    }
    const bool leading = session.negotiated().header_leading_space;
    for (const auto& [name, value] : postfix_header_fields(bytes, leading)) {
        const Step s = session.on_header(actions, name, value);
        if (s != Step::next && s != Step::no_reply) {
            return s;
        }
    }
    if (const Step s = session.on_eoh(actions); s != Step::next) {
        return s;
    }
    const std::string body = message_body(bytes);
    constexpr std::size_t chunk = 65535;
    for (std::size_t at = 0; at < body.size(); at += chunk) {
        const Step s = session.on_body(actions, std::string_view(body).substr(at, chunk));
        if (s == Step::skip) {
            break;
        }
        if (s != Step::next) {
            return s;
        }
    }
    return session.on_eom(actions);
}

milter::Step SessionHarness::send(
    const std::string& sender, const std::vector<std::string>& recipients, const std::string& bytes)
{
    actions.clear_requests();
    envelope(sender, recipients);
    return message(bytes);
}

std::vector<std::string> SessionHarness::spool_files() const
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(spool_dir)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

std::vector<std::pair<std::string, std::string>> postfix_header_fields(const std::string& message, bool leading_space)
{
    const std::string head = message.substr(0, message.find("\r\n\r\n") + 2);
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t at = 0;
    while (at < head.size()) {
        const std::size_t end = head.find("\r\n", at);
        const std::string line = head.substr(at, end - at);
        at = end + 2;
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            REQUIRE(!fields.empty());
            fields.back().second += "\n" + line;
            continue;
        }
        const std::size_t colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        std::string value = line.substr(colon + 1);
        if (!leading_space && !value.empty() && value[0] == ' ') {
            value.erase(0, 1);
        }
        fields.emplace_back(line.substr(0, colon), value);
    }
    return fields;
}

std::string message_body(const std::string& message)
{
    return message.substr(message.find("\r\n\r\n") + 4);
}

} // namespace pm::test
