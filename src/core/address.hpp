// Normalised e-mail address: how the gateway compares envelope senders and recipients.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pm {

/// An addr-spec reduced to the form we compare on: lower-case local part without `+tag`,
/// lower-case domain without a trailing dot. Immutable value type.
class Address {
public:
    /// Parses `<Local+Tag@Domain>`, `"quoted"@domain`, `Name <a@b>` and bare `a@b`.
    /// Returns nullopt for anything without exactly one usable `@` (including the null sender).
    static std::optional<Address> parse(std::string_view text);

    const std::string& local() const { return m_local; }
    const std::string& domain() const { return m_domain; }
    std::string str() const { return m_local + "@" + m_domain; }

    /// True when the domain is `domain` or a subdomain of it (both already lower-case).
    bool in_domain(std::string_view domain) const;

    friend bool operator==(const Address&, const Address&) = default;
    friend auto operator<=>(const Address&, const Address&) = default;

private:
    Address(std::string local, std::string domain)
        : m_local(std::move(local)), m_domain(std::move(domain))
    {
    }
    std::string m_local;
    std::string m_domain;
};

/// Lower-cases ASCII; domain names and our comparisons are ASCII-case-insensitive.
std::string ascii_lower(std::string_view text);

} // namespace pm
