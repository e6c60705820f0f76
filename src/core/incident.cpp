#include "core/incident.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace pm {
namespace {

constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view prefix = "PM-";
constexpr std::size_t date_digits = 8;
constexpr std::size_t random_chars = 8;

} // namespace

std::string new_incident_ref(Instant at)
{
    std::array<unsigned char, 5> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        // OpenSSL's CSPRNG failing is a broken host, not an input problem.
        throw std::runtime_error("RAND_bytes failed");
    }
    std::uint64_t bits = 0;
    for (const unsigned char byte : random) {
        bits = (bits << 8U) | byte;
    }
    const std::string date = format_date(std::chrono::year_month_day { std::chrono::floor<std::chrono::days>(at) });
    std::string ref { prefix };
    for (const char c : date) {
        if (c != '-') {
            ref += c;
        }
    }
    ref += '-';
    for (std::size_t i = 0; i < random_chars; ++i) {
        const auto shift = static_cast<unsigned>(5 * (random_chars - 1 - i));
        ref += crockford[(bits >> shift) & 0x1FU];
    }
    return ref;
}

bool is_incident_ref(std::string_view text)
{
    if (text.size() != prefix.size() + date_digits + 1 + random_chars || !text.starts_with(prefix)) {
        return false;
    }
    text.remove_prefix(prefix.size());
    for (std::size_t i = 0; i < date_digits; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    if (text[date_digits] != '-') {
        return false;
    }
    for (const char c : text.substr(date_digits + 1)) {
        if (crockford.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

} // namespace pm
