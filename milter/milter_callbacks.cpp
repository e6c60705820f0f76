// libmilter callbacks: each one line through guarded() into the connection's Session, and the
// MilterActions implementation on smfi_* calls. The only file that calls libmilter per message.
#include "milter_callbacks.hpp"

#include <array>
#include <libmilter/mfapi.h>
#include <string>

namespace pm::milter {

namespace {

DaemonState* g_state = nullptr;

/// The actions we ask for: add our header, remove forged copies of it, hold, choose macros.
constexpr unsigned long wanted_actions = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE | SMFIF_SETSYMLIST;

/// MilterActions on one libmilter context.
class SmfiActions final : public MilterActions {
public:
    SmfiActions(SMFICTX* ctx, bool leading_space) : m_ctx(ctx), m_leading_space(leading_space) { }

    std::optional<std::string> symbol(std::string_view name) override
    {
        std::string key(name);
        const char* value = smfi_getsymval(m_ctx, key.data());
        return value == nullptr ? std::nullopt : std::optional<std::string>(value);
    }

    bool add_header(std::string_view name, std::string_view value) override
    {
        std::string n(name);
        // With SMFIP_HDR_LEADSPC the MTA adds no space after the colon: we write it.
        std::string v;
        if (m_leading_space) {
            v += ' ';
        }
        v += value;
        return smfi_addheader(m_ctx, n.data(), v.data()) == MI_SUCCESS;
    }

    bool delete_header(std::string_view name, int index) override
    {
        std::string n(name);
        return smfi_chgheader(m_ctx, n.data(), index, nullptr) == MI_SUCCESS;
    }

    bool set_reply(std::string_view rcode, std::string_view xcode, const std::vector<std::string>& lines) override
    {
        if (lines.empty() || lines.size() > 32) {
            return false;
        }
        std::string r(rcode), x(xcode);
        // smfi_setmlreply reads lines up to the first null pointer.
        std::array<const char*, 33> l{};
        for (std::size_t i = 0; i < lines.size(); ++i) {
            l[i] = lines[i].c_str();
        }
        return smfi_setmlreply(m_ctx, r.c_str(), x.c_str(), l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8],
                   l[9], l[10], l[11], l[12], l[13], l[14], l[15], l[16], l[17], l[18], l[19], l[20], l[21], l[22],
                   l[23], l[24], l[25], l[26], l[27], l[28], l[29], l[30], l[31], l[32])
            == MI_SUCCESS;
    }

    bool quarantine(std::string_view reason) override
    {
        std::string r(reason);
        return smfi_quarantine(m_ctx, r.data()) == MI_SUCCESS;
    }

private:
    SMFICTX* m_ctx;
    bool m_leading_space;
};

sfsistat to_sfsistat(Step step)
{
    switch (step) {
    case Step::next: return SMFIS_CONTINUE;
    case Step::accept: return SMFIS_ACCEPT;
    case Step::reject: return SMFIS_REJECT;
    case Step::tempfail: return SMFIS_TEMPFAIL;
    case Step::skip: return SMFIS_SKIP;
    case Step::no_reply: return SMFIS_NOREPLY;
    }
    return SMFIS_TEMPFAIL;
}

Session* session_of(SMFICTX* ctx) noexcept
{
    auto* session = static_cast<Session*>(smfi_getpriv(ctx));
    if (session == nullptr && g_state != nullptr) {
        // An MTA that skipped negotiation: defaults (every step answered).
        try {
            session = new Session(*g_state, Negotiated{});
            smfi_setpriv(ctx, session);
        } catch (...) {
            return nullptr;
        }
    }
    return session;
}

/// Runs `body` on the connection's session through guarded(); `can_reply` false for steps the
/// MTA agreed not to wait for.
template <class Body>
sfsistat run(SMFICTX* ctx, bool (*no_reply)(const Negotiated&), Body&& body) noexcept
{
    Session* session = session_of(ctx);
    const bool leading_space = session != nullptr && session->negotiated().header_leading_space;
    const bool can_reply = session == nullptr || no_reply == nullptr || !no_reply(session->negotiated());
    SmfiActions actions(ctx, leading_space);
    return to_sfsistat(guarded(actions, session, can_reply, [&](Session& s) { return body(s, actions); }));
}

sfsistat on_negotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long, unsigned long,
    unsigned long* pf0, unsigned long* pf1, unsigned long* pf2, unsigned long* pf3)
{
    try {
        *pf0 = f0 & wanted_actions;
        // Steps we never use are switched off; no-reply where we never answer anything but
        // "continue"; the leading space kept so header fields are rebuilt byte for byte.
        *pf1 = f1 & (SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NR_HDR | SMFIP_NR_MAIL | SMFIP_NR_RCPT
                        | SMFIP_HDR_LEADSPC | SMFIP_SKIP);
        *pf2 = 0;
        *pf3 = 0;
        Negotiated agreed;
        agreed.header_leading_space = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
        agreed.header_no_reply = (*pf1 & SMFIP_NR_HDR) != 0;
        agreed.mail_no_reply = (*pf1 & SMFIP_NR_MAIL) != 0;
        agreed.rcpt_no_reply = (*pf1 & SMFIP_NR_RCPT) != 0;
        agreed.skip = (*pf1 & SMFIP_SKIP) != 0;
        if ((*pf0 & SMFIF_SETSYMLIST) != 0) {
            std::string mail = "i {auth_authen} {mail_addr}", rcpt = "{rcpt_addr}", i = "i";
            smfi_setsymlist(ctx, SMFIM_ENVFROM, mail.data());
            smfi_setsymlist(ctx, SMFIM_ENVRCPT, rcpt.data());
            smfi_setsymlist(ctx, SMFIM_DATA, i.data());
            smfi_setsymlist(ctx, SMFIM_EOH, i.data());
            smfi_setsymlist(ctx, SMFIM_EOM, i.data());
        }
        delete static_cast<Session*>(smfi_getpriv(ctx));
        smfi_setpriv(ctx, nullptr);
        if (g_state == nullptr) {
            return SMFIS_TEMPFAIL;
        }
        smfi_setpriv(ctx, new Session(*g_state, agreed));
        return SMFIS_CONTINUE;
    } catch (...) {
        return SMFIS_TEMPFAIL;
    }
}

sfsistat on_envfrom(SMFICTX* ctx, char** argv)
{
    return run(ctx, [](const Negotiated& n) { return n.mail_no_reply; },
        [&](Session& s, MilterActions& a) { return s.on_mail(a, argv != nullptr && argv[0] != nullptr ? argv[0] : ""); });
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv)
{
    return run(ctx, [](const Negotiated& n) { return n.rcpt_no_reply; },
        [&](Session& s, MilterActions& a) { return s.on_rcpt(a, argv != nullptr && argv[0] != nullptr ? argv[0] : ""); });
}

sfsistat on_data(SMFICTX* ctx)
{
    return run(ctx, nullptr, [](Session& s, MilterActions& a) { return s.on_data(a); });
}

sfsistat on_header(SMFICTX* ctx, char* name, char* value)
{
    return run(ctx, [](const Negotiated& n) { return n.header_no_reply; }, [&](Session& s, MilterActions& a) {
        return s.on_header(a, name != nullptr ? name : "", value != nullptr ? value : "");
    });
}

sfsistat on_eoh(SMFICTX* ctx)
{
    return run(ctx, nullptr, [](Session& s, MilterActions& a) { return s.on_eoh(a); });
}

sfsistat on_body(SMFICTX* ctx, unsigned char* bytes, size_t length)
{
    return run(ctx, nullptr, [&](Session& s, MilterActions& a) {
        return s.on_body(a, std::string_view(reinterpret_cast<const char*>(bytes), bytes != nullptr ? length : 0));
    });
}

sfsistat on_eom(SMFICTX* ctx)
{
    return run(ctx, nullptr, [](Session& s, MilterActions& a) { return s.on_eom(a); });
}

sfsistat on_abort(SMFICTX* ctx)
{
    if (auto* session = static_cast<Session*>(smfi_getpriv(ctx))) {
        session->on_abort();
    }
    return SMFIS_CONTINUE;
}

sfsistat on_close(SMFICTX* ctx)
{
    delete static_cast<Session*>(smfi_getpriv(ctx));
    smfi_setpriv(ctx, nullptr);
    return SMFIS_CONTINUE;
}

} // namespace

bool register_filter(DaemonState& state)
{
    g_state = &state;
    static char name[] = "protocol-milter";
    smfiDesc description{};
    description.xxfi_name = name;
    description.xxfi_version = SMFI_VERSION;
    description.xxfi_flags = wanted_actions;
    description.xxfi_connect = nullptr;
    description.xxfi_helo = nullptr;
    description.xxfi_envfrom = on_envfrom;
    description.xxfi_envrcpt = on_envrcpt;
    description.xxfi_header = on_header;
    description.xxfi_eoh = on_eoh;
    description.xxfi_body = on_body;
    description.xxfi_eom = on_eom;
    description.xxfi_abort = on_abort;
    description.xxfi_close = on_close;
    description.xxfi_unknown = nullptr;
    description.xxfi_data = on_data;
    description.xxfi_negotiate = on_negotiate;
    return smfi_register(description) == MI_SUCCESS;
}

} // namespace pm::milter
