// Address normalisation: strip display name, angle brackets, quotes, sub-address; fold case.
#include "core/address.hpp"

#include <algorithm>

namespace pm {

std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    });
    return out;
}

namespace {

std::string_view trim(std::string_view s)
{
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

std::optional<Address> Address::parse(std::string_view text)
{
    text = trim(text);
    // `Display Name <addr>`: the addr-spec is what is between the last pair of angle brackets.
    if (const auto close = text.rfind('>'); close != std::string_view::npos) {
        const auto open = text.rfind('<', close);
        if (open == std::string_view::npos) {
            return std::nullopt;
        }
        text = trim(text.substr(open + 1, close - open - 1));
    }
    // Source routes (`@a,@b:user@host`, RFC 5321 4.1.2) are obsolete; keep the mailbox.
    if (!text.empty() && text.front() == '@') {
        const auto colon = text.find(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        text = text.substr(colon + 1);
    }
    const auto at = text.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) {
        return std::nullopt;
    }
    std::string_view local = text.substr(0, at);
    std::string_view domain = text.substr(at + 1);
    if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
        local = local.substr(1, local.size() - 2);
    } else if (local.find('@') != std::string_view::npos) {
        return std::nullopt;  // only a quoted local part may contain '@'
    }
    if (domain.back() == '.') {
        domain.remove_suffix(1);
    }
    if (local.empty() || domain.empty() || domain.find('@') != std::string_view::npos) {
        return std::nullopt;
    }
    const auto is_bad = [](unsigned char c) { return c <= ' ' || c == '<' || c == '>' || c == 0x7f; };
    if (std::ranges::any_of(domain, is_bad)) {
        return std::nullopt;
    }
    // Sub-addressing: `user+tag` reaches the `user` mailbox, so compare on `user`.
    if (const auto plus = local.find('+'); plus != std::string_view::npos && plus > 0) {
        local = local.substr(0, plus);
    }
    return Address(ascii_lower(local), ascii_lower(domain));
}

bool Address::in_domain(std::string_view domain) const
{
    if (m_domain == domain) {
        return true;
    }
    return m_domain.size() > domain.size() && m_domain.ends_with(domain)
        && m_domain[m_domain.size() - domain.size() - 1] == '.';
}

} // namespace pm
