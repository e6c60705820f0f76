#include "quarantine/release_token.hpp"

#include "core/address.hpp"
#include "core/digest.hpp"
#include "core/durable_file.hpp"
#include "core/incident.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <openssl/rand.h>

namespace pm::quarantine {
namespace {

/// Line ends and trailing empty lines are what MTAs change in transit (sendmail converts CRLF to
/// LF, cleanup hands CRLF to milters); the digest ignores both.
std::string canonical_body_digest(std::string_view body)
{
    std::string canonical;
    canonical.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
            continue;
        }
        canonical += body[i];
    }
    while (!canonical.empty() && (canonical.back() == '\n' || canonical.back() == '\r')) {
        canonical.pop_back();
    }
    return sha256_hex(canonical);
}

std::string normalised(std::string_view address)
{
    if (address.empty() || address == "<>") {
        return "<>";
    }
    const auto parsed = Address::parse(address);
    return parsed ? parsed->str() : ascii_lower(address);
}

std::string mac_input(std::string_view ref, std::string_view user, std::string_view until, const ReleasedMessage& m)
{
    std::vector<std::string> recipients;
    if (m.recipients != nullptr) {
        for (const std::string& r : *m.recipients) {
            recipients.push_back(normalised(r));
        }
    }
    std::ranges::sort(recipients);
    std::string joined;
    for (const std::string& r : recipients) {
        joined += r + ",";
    }
    return fmt::format("protocol-milter-release-v1\n{}\n{}\n{}\n{}\n{}\n{}", ref, user, until, normalised(m.sender),
        joined, canonical_body_digest(m.body));
}

std::string safe_user(std::string_view user)
{
    std::string out;
    for (const char c : user.substr(0, 64)) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '-' || c == '@';
        out += ok ? c : '_';
    }
    return out.empty() ? "unknown" : out;
}

/// The `name=value` parameter of a mark, or empty.
std::string_view parameter(std::string_view value, std::string_view name)
{
    std::size_t pos = 0;
    for (int i = 0; i < 16 && pos < value.size(); ++i) {
        const auto end = value.find(';', pos);
        std::string_view item = value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
            item.remove_prefix(1);
        }
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '\r' || item.back() == '\n')) {
            item.remove_suffix(1);
        }
        if (item.size() > name.size() && item.starts_with(name) && item[name.size()] == '=') {
            return item.substr(name.size() + 1);
        }
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 1;
    }
    return {};
}

} // namespace

std::string make_release_mark(
    std::string_view key, std::string_view ref, std::string_view user, Instant now, const ReleasedMessage& message)
{
    const std::string by = safe_user(user);
    const std::string until = format_instant(now + release_validity);
    const std::string mac = hmac_sha256_hex(key, mac_input(ref, by, until, message));
    return fmt::format("{}; by={}; until={}; mac={}", ref, by, until, mac);
}

std::string release_mark_ref(std::string_view value)
{
    const auto end = value.find(';');
    std::string_view ref = value.substr(0, end);
    while (!ref.empty() && ref.front() == ' ') {
        ref.remove_prefix(1);
    }
    return is_incident_ref(ref) ? std::string(ref) : std::string();
}

bool verify_release_mark(std::string_view key, std::string_view value, const ReleasedMessage& message, Instant now)
{
    if (key.empty() || value.size() > 512) {
        return false;
    }
    const std::string ref = release_mark_ref(value);
    const std::string_view by = parameter(value, "by");
    const std::string_view until = parameter(value, "until");
    const std::string_view mac = parameter(value, "mac");
    if (ref.empty() || by.empty() || until.empty() || mac.size() != 64) {
        return false;
    }
    const auto expiry = parse_instant(until);
    if (!expiry || now > *expiry || *expiry - now > release_validity) {
        return false;
    }
    return constant_time_equal(hmac_sha256_hex(key, mac_input(ref, by, until, message)), mac);
}

Result<std::string> load_release_key(const std::filesystem::path& path, bool create)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && create) {
        unsigned char random[32] = {};
        if (RAND_bytes(random, sizeof random) != 1) {
            return fail(ErrorKind::internal, "RAND_bytes failed");
        }
        std::string hex;
        for (const unsigned char b : random) {
            hex += fmt::format("{:02x}", b);
        }
        if (auto made = make_private_directories(path.parent_path()); !made) {
            return std::unexpected(made.error());
        }
        // Another process may create it at the same moment: O_EXCL lets one win; reread below.
        (void)write_new_file(path, hex + "\n", 0600);
    }
    auto text = read_file_bounded(path, 4096);
    if (!text) {
        return std::unexpected(text.error());
    }
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r' || text->back() == ' ')) {
        text->pop_back();
    }
    if (text->size() < 32) {
        return fail(ErrorKind::config, fmt::format("{} holds fewer than 32 bytes: not a release key", path.string()));
    }
    return std::move(*text);
}

std::string with_release_header(std::string_view message, std::string_view value)
{
    const auto lf = message.find('\n');
    const bool crlf = lf != std::string_view::npos && lf > 0 && message[lf - 1] == '\r';
    return fmt::format("{}: {}{}{}", release_header_name, value, crlf ? "\r\n" : "\n", message);
}

std::string_view message_body(std::string_view message)
{
    // The header section ends at the first empty line (CRLF CRLF or LF LF).
    std::size_t pos = 0;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] != '\n') {
            continue;
        }
        const std::string_view line = message.substr(pos, i - pos);
        if (line.empty() || line == "\r") {
            return message.substr(i + 1);
        }
        pos = i + 1;
    }
    return {};
}

} // namespace pm::quarantine
