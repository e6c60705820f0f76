// Checksummed identifiers: Belgian national register / BIS numbers, IBANs, eID card numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pm::detect {

/// What a valid national register or BIS number tells.
struct NationalNumber {
    std::string digits;  ///< the 11 digits, without separators
    int birth_year = 0;  ///< 19xx or 20xx, from the check digits
    bool bis = false;    ///< month + 20 or + 40
};

/// Validates 11 digits (separators already removed) as a national register or BIS number:
/// check digits 97 - (n mod 97) on the first 9 digits (births before 2000) or on "2" + those 9
/// digits (2000 and later); month 1-12, BIS 21-32 / 41-52, or an unknown date (month 00/20/40);
/// a real calendar day (or 00); a sequence number of 001-998. `current_year` bounds the 20xx
/// reading (no one is born in the future). nullopt when any check fails.
std::optional<NationalNumber> validate_national_number(std::string_view digits, int current_year);

/// The length of an IBAN for `country` (two upper-case letters); 0 when the country has none.
int iban_length(std::string_view country);

/// Validates a compact IBAN (no spaces, any case): known country, that country's length,
/// ISO 13616 mod-97 == 1.
bool validate_iban(std::string_view compact);

/// Validates the 12 digits of a Belgian eID card number (`xxx-xxxxxxx-yy`): yy is the first 10
/// digits mod 97, with 0 written as 97.
bool validate_id_card(std::string_view digits);

/// Whether `day`.`month`.`year` is a real calendar date.
bool is_calendar_date(int year, int month, int day);

} // namespace pm::detect
