// Checksummed identifiers: national register / BIS numbers, IBANs, eID card numbers.
#include "detect/identifiers.hpp"
#include "support/detect_support.hpp"

using pm::FieldType;
using pm::test::fields_of;
using pm::test::scan;

TEST_CASE("a valid national number born before 2000 is reported in every written form", "[detect][national_number]")
{
    for (const char* written : { "85.07.30-123.35", "850730-123-35", "85073012335", "85 07 30 123 35", "850730 123 35" }) {
        CAPTURE(written);
        const auto findings = scan(std::string("Rijksregisternummer van de moeder ") + written + ".");
        REQUIRE(fields_of(findings, FieldType::national_number) == std::vector<std::string> { "85.07.30-***.**" });
    }
}

TEST_CASE("a national number of a child born in 2005 is checked with the 2 prefix", "[detect][national_number]")
{
    const auto number = pm::detect::validate_national_number("05011212346", 2026);
    REQUIRE(number);
    CHECK(number->birth_year == 2005);
    CHECK(fields_of(scan("INSZ kind: 05.01.12-123.46"), FieldType::national_number).size() == 1);
    // The same digits with the pre-2000 check digits of 1905 would be 05011212330-ish: wrong here.
    CHECK_FALSE(pm::detect::validate_national_number("05011212347", 2026));
}

TEST_CASE("a 20xx reading in the future is not a national number", "[detect][national_number]")
{
    // 124011001 with the 2000+ check digits would be born in 2012 (month 40 = BIS);
    // with a current year of 2010 that cannot be.
    CHECK(pm::detect::validate_national_number("12401100136", 2026));
    CHECK_FALSE(pm::detect::validate_national_number("12401100136", 2010));
}

TEST_CASE("BIS numbers with month plus 20 or plus 40 are national numbers", "[detect][national_number]")
{
    const auto plus20 = pm::detect::validate_national_number("85273012378", 2026);
    const auto plus40 = pm::detect::validate_national_number("85473012324", 2026);
    REQUIRE(plus20);
    REQUIRE(plus40);
    CHECK(plus20->bis);
    CHECK(plus40->bis);
    CHECK(fields_of(scan("BIS-nummer: 85.27.30-123.78"), FieldType::national_number)
        == std::vector<std::string> { "85.27.30-***.**" });
}

TEST_CASE("a national number with an unknown birth date (month 00) is valid", "[detect][national_number]")
{
    CHECK(pm::detect::validate_national_number("85000012313", 2026));
}

TEST_CASE("a national number with a wrong checksum is not reported", "[detect][national_number]")
{
    CHECK_FALSE(pm::detect::validate_national_number("85073012336", 2026));
    const auto findings = scan("Het nummer 85.07.30-123.36 staat in het verslag.");
    CHECK(fields_of(findings, FieldType::national_number).empty());
}

TEST_CASE("an 11-digit dossier number is not a national number", "[detect][national_number]")
{
    // Shapes of national numbers, but impossible dates or wrong check digits.
    const auto findings = scan("Dossiernummer 20231104567, referentie 99123145602 en 12345678901.");
    CHECK(fields_of(findings, FieldType::national_number).empty());
    CHECK(findings.empty());
}

TEST_CASE("a valid national number inside a longer number is not reported", "[detect][national_number]")
{
    CHECK(fields_of(scan("ref 1-85073012335-7"), FieldType::national_number).empty());
    CHECK(fields_of(scan("ref 185073012335"), FieldType::national_number).empty());
}

TEST_CASE("a national number in the signature is still a national number", "[detect][national_number][signature]")
{
    const auto findings = scan("Zie bijlage.\n\nMet vriendelijke groeten,\nAn Peeters\n85.07.30-123.35\n");
    CHECK(fields_of(findings, FieldType::national_number).size() == 1);
}

TEST_CASE("valid Belgian, Dutch and French IBANs are bank accounts", "[detect][iban]")
{
    CHECK(pm::detect::validate_iban("BE68539007547034"));
    CHECK(pm::detect::validate_iban("NL91ABNA0417164300"));
    CHECK(pm::detect::validate_iban("FR1420041010050500013M02606"));
    const auto findings = scan("Rekening BE68 5390 0754 7034, NL91ABNA0417164300 of fr14 2004 1010 0505 0001 3M02 606 graag.");
    CHECK(fields_of(findings, FieldType::bank_account)
        == std::vector<std::string> { "BE68 **** **** 7034", "NL91 **** **** **43 00", "FR14 **** **** **** **** ***2 606" });
}

TEST_CASE("an IBAN with one digit wrong is not a bank account", "[detect][iban]")
{
    CHECK_FALSE(pm::detect::validate_iban("BE68539007547035"));
    CHECK_FALSE(pm::detect::validate_iban("NL91ABNA0417164301"));
    CHECK_FALSE(pm::detect::validate_iban("FR1420041010050500013M02607"));
    CHECK(fields_of(scan("Rekening BE68 5390 0754 7035."), FieldType::bank_account).empty());
}

TEST_CASE("an IBAN followed by words is read to its country's length", "[detect][iban]")
{
    CHECK(fields_of(scan("IBAN BE68 5390 0754 7034 AB12 test"), FieldType::bank_account).size() == 1);
    CHECK(fields_of(scan("BE68539007547034X"), FieldType::bank_account).empty());
}

TEST_CASE("an eID card number with valid check digits is an id card", "[detect][id_card]")
{
    CHECK(pm::detect::validate_id_card("591123456753"));
    CHECK(pm::detect::validate_id_card("000000009797"));  // remainder 0 is written 97
    CHECK(fields_of(scan("Kaartnummer 591-1234567-53."), FieldType::id_card) == std::vector<std::string> { "591-*******-**" });
}

TEST_CASE("an eID card number with wrong check digits is not an id card", "[detect][id_card]")
{
    CHECK_FALSE(pm::detect::validate_id_card("591123456754"));
    CHECK(fields_of(scan("Kaartnummer 591-1234567-54."), FieldType::id_card).empty());
}
