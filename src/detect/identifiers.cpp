// Checksummed identifiers: national register / BIS numbers, IBANs, eID card numbers.
#include "detect/identifiers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace pm::detect {

namespace {

bool all_digits(std::string_view text)
{
    return std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view text, std::size_t at)
{
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

std::uint64_t to_number(std::string_view digits)
{
    std::uint64_t value = 0;
    for (const char c : digits) {
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

// SWIFT IBAN registry (release 2024): country code and total length.
constexpr std::array<std::pair<std::string_view, int>, 89> iban_lengths = { {
    { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
    { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 },
    { "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DJ", 27 },
    { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
    { "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
    { "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 },
    { "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 }, { "JO", 30 },
    { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
    { "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
    { "MK", 19 }, { "MN", 20 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 },
    { "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
    { "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
    { "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
    { "SO", 23 }, { "ST", 25 }, { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 },
    { "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 }, { "YE", 30 },
} };

} // namespace

bool is_calendar_date(int year, int month, int day)
{
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    constexpr std::array<int, 12> days = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
    return day <= last;
}

std::optional<NationalNumber> validate_national_number(std::string_view digits, int current_year)
{
    if (digits.size() != 11 || !all_digits(digits)) {
        return std::nullopt;
    }
    const std::uint64_t base = to_number(digits.substr(0, 9));
    const auto check = static_cast<std::uint64_t>(two_digits(digits, 9));
    const int yy = two_digits(digits, 0);
    int year = 0;
    if (check == 97 - base % 97) {
        year = 1900 + yy;
    } else if (check == 97 - (2'000'000'000ULL + base) % 97 && 2000 + yy <= current_year) {
        year = 2000 + yy;
    } else {
        return std::nullopt;
    }
    int month = two_digits(digits, 2);
    const int day = two_digits(digits, 4);
    bool bis = false;
    if (month >= 40) {
        month -= 40;
        bis = true;
    } else if (month >= 20) {
        month -= 20;
        bis = true;
    }
    if (month > 12 || day > 31) {
        return std::nullopt;
    }
    // Month 00 (or 20/40): the birth date is unknown; the day is then 00 or a counter.
    if (month != 0 && day != 0 && !is_calendar_date(year, month, day)) {
        return std::nullopt;
    }
    const int sequence = std::stoi(std::string(digits.substr(6, 3)));
    if (sequence < 1 || sequence > 998) {
        return std::nullopt;
    }
    return NationalNumber { std::string(digits), year, bis };
}

int iban_length(std::string_view country)
{
    const auto* found = std::ranges::find_if(
        iban_lengths, [&](const auto& entry) { return entry.first == country; });
    return found == iban_lengths.end() ? 0 : found->second;
}

bool validate_iban(std::string_view compact)
{
    if (compact.size() < 15 || compact.size() > 34) {
        return false;
    }
    std::string upper(compact);
    for (char& c : upper) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    if (iban_length(std::string_view(upper).substr(0, 2)) != static_cast<int>(upper.size())
        || !all_digits(std::string_view(upper).substr(2, 2))) {
        return false;
    }
    // ISO 13616: move the first four characters to the end, letters become 10..35, mod 97 == 1.
    const std::string rotated = upper.substr(4) + upper.substr(0, 4);
    unsigned remainder = 0;
    for (const char c : rotated) {
        if (c >= '0' && c <= '9') {
            remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
        } else if (c >= 'A' && c <= 'Z') {
            remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
        } else {
            return false;
        }
    }
    return remainder == 1;
}

bool validate_id_card(std::string_view digits)
{
    if (digits.size() != 12 || !all_digits(digits)) {
        return false;
    }
    const std::uint64_t remainder = to_number(digits.substr(0, 10)) % 97;
    const std::uint64_t expected = remainder == 0 ? 97 : remainder;
    return to_number(digits.substr(10, 2)) == expected;
}

} // namespace pm::detect
