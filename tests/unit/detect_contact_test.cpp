// Contact data and birth dates: phones, e-mail addresses, postal addresses, labelled birth
// dates; the sender's signature and the organisation's own contact data are not client data.
#include "detect/patterns.hpp"
#include "detect/signature.hpp"
#include "support/detect_support.hpp"

using pm::FieldType;
using pm::detect::ScanContext;
using pm::test::fields_of;
using pm::test::scan;

TEST_CASE("Belgian mobile and landline numbers in their written forms are phones", "[detect][phone]")
{
    for (const char* written : { "0471 12 34 56", "0471/12.34.56", "0471123456", "+32 471 12 34 56",
             "+32 (0)471 12 34 56", "0032 471 12 34 56", "011 12 34 56", "02 123 45 67", "02/123.45.67" }) {
        CAPTURE(written);
        CHECK(fields_of(scan(std::string("Bel de moeder op ") + written + " na 16 uur."), FieldType::phone).size() == 1);
    }
    CHECK(fields_of(scan("gsm 0471 12 34 56"), FieldType::phone) == std::vector<std::string> { "0471 ** ** 56" });
}

TEST_CASE("international numbers are phones", "[detect][phone]")
{
    CHECK(fields_of(scan("Vader (Nederland): +31 6 12345678."), FieldType::phone).size() == 1);
    CHECK(pm::detect::normalise_phone("+31 6 12345678") == "31612345678");
}

TEST_CASE("numbers that only look like phones are not phones", "[detect][phone]")
{
    // Service numbers, an enterprise number, a date, too many digits.
    const auto findings = scan("Bel 070 12 34 56 of 0800 12 345. Ondernemingsnummer BE 0456.789.123, "
                               "op 01.02.2019, nummer 0471 12 34 56 78.");
    CHECK(fields_of(findings, FieldType::phone).empty());
}

TEST_CASE("a phone shortly after a word naming a colleague or a service desk is staff's", "[detect][phone][staff]")
{
    CHECK(fields_of(scan("Voor dringende zaken kan je de servicedesk bereiken op 02 553 99 99."), FieldType::phone).empty());
    CHECK(fields_of(scan("Je kan terecht bij de teamverantwoordelijke, Bert Lenaerts (0470 12 34 56)."), FieldType::phone)
              .empty());
    CHECK(fields_of(scan("Mijn collega's van het onthaal: 011 12 34 56."), FieldType::phone).empty());
}

TEST_CASE("a client's phone stays a phone near staff words in another sentence or far away", "[detect][phone][staff]")
{
    // Another sentence.
    CHECK(fields_of(scan("Ik overlegde met de servicedesk. De moeder is bereikbaar op 0471 12 34 56."), FieldType::phone)
              .size() == 1);
    // A client role, not staff.
    CHECK(fields_of(scan("De moeder, Sara Janssens (0471 12 34 56), vraagt hulp."), FieldType::phone).size() == 1);
    // Too far after the role word in one long sentence.
    CHECK(fields_of(scan("Volgens de collega die gisteren op huisbezoek ging en lang met het gezin praatte, is de "
                         "vader enkel bereikbaar op 0471 12 34 56"),
              FieldType::phone)
              .size() == 1);
    // A role inside a longer word is not the role ("onthaalmoeder").
    CHECK(fields_of(scan("Het onthaalmoeder-nummer van mama is 0471 12 34 56."), FieldType::phone).size() == 1);
}

TEST_CASE("a colleague's phone with her own address on the next line of a wrapped sentence is staff's", "[detect][phone]")
{
    ScanContext context;
    context.own_domains = { "opgroeien.be" };
    CHECK(fields_of(scan("Je kan hem bereiken op 0470 12 34 56 of via\nbert.lenaerts@opgroeien.be.\n\nLopende afspraken "
                         "staan in onze gedeelde planning.\n",
                        context),
              FieldType::phone)
              .empty());
    // A form: the client's phone on one line, the worker's address on the next, is not one sentence.
    CHECK(fields_of(scan("Telefoon moeder: 0471 12 34 56\nE-mail begeleider: an.peeters@opgroeien.be\n\nGroet.", context),
              FieldType::phone)
              .size() == 1);
}

TEST_CASE("a signature followed by a disclaimer quoted as a CSV cell is still a signature", "[detect][signature]")
{
    ScanContext context;
    context.own_domains = { "kindengezin.be" };
    const std::string text = "Tot volgende week.\n\nLien Maes\nGezinsondersteuner\n0471 23 45 67\nlien.maes@kindengezin.be\n\n"
                             "\"Dit e-mailbericht is vertrouwelijk; gebruik het niet als u niet de bestemmeling bent.\"\n";
    CHECK(fields_of(scan(text, context), FieldType::phone).empty());
}

TEST_CASE("e-mail addresses are reported redacted", "[detect][email]")
{
    CHECK(fields_of(scan("Mail mama: jan.peeters@telenet.be."), FieldType::email)
        == std::vector<std::string> { "j**.*******@t******.be" });
}

TEST_CASE("the organisation's own e-mail and phone in a signature are not client data", "[detect][signature][email][phone]")
{
    const std::string text = "Beste collega,\n\nIk verwijs het gezin door. Jullie kunnen de moeder bereiken op "
                             "0472 98 76 54.\n\nMet vriendelijke groeten,\n\nAn Peeters\nVerpleegkundige Kind en "
                             "Gezin\nT 011 12 34 56\nE an.peeters@kindengezin.be\nKerkstraat 5, 3980 Tessenderlo\n";
    const auto findings = scan(text);
    CHECK(fields_of(findings, FieldType::phone) == std::vector<std::string> { "0472 ** ** 54" });
    CHECK(fields_of(findings, FieldType::email).empty());
    CHECK(fields_of(findings, FieldType::address).empty());
}

TEST_CASE("the context's own domains, addresses and phones are not client data anywhere", "[detect][signature][email][phone]")
{
    ScanContext context;
    context.own_domains = { "kindengezin.be" };
    context.own_addresses = { "ocmw@pepingen.be" };
    context.own_phones = { "3211123456" };
    const auto findings = scan("Contact: an.peeters@west.kindengezin.be, ocmw@pepingen.be, 011 12 34 56. "
                               "Cliënt: mama@gmail.com, 0472 98 76 54.", context);
    CHECK(fields_of(findings, FieldType::email).size() == 1);
    CHECK(fields_of(findings, FieldType::phone).size() == 1);
    const auto without = scan("Contact: an.peeters@kindengezin.be.");
    CHECK(fields_of(without, FieldType::email).size() == 1);
}

TEST_CASE("a closing in the middle of a long text does not hide what follows", "[detect][signature]")
{
    std::string text = "Groeten uit Leuven\n";
    for (int i = 0; i < 20; ++i) {
        text += "Nog een regel tekst over het gezin.\n";
    }
    text += "De moeder: 0472 98 76 54\n";
    CHECK(pm::detect::signature_blocks(text).empty());
    CHECK(fields_of(scan(text), FieldType::phone).size() == 1);
}

TEST_CASE("a signature ends where a quoted message starts", "[detect][signature]")
{
    const std::string text = "Prima.\n\nGroeten,\nAn\n0472 11 22 33\n\nVan: Jan\nVerzonden: maandag\n\n"
                             "Het gezin is bereikbaar op 0473 44 55 66.\n";
    const auto blocks = pm::detect::signature_blocks(text);
    REQUIRE(blocks.size() == 1);
    CHECK(fields_of(scan(text), FieldType::phone) == std::vector<std::string> { "0473 ** ** 66" });
}

TEST_CASE("a -- line starts a signature", "[detect][signature]")
{
    CHECK(fields_of(scan("Zie bijlage.\n-- \nAn Peeters\n0472 11 22 33\n"), FieldType::phone).empty());
}

TEST_CASE("Ziekenhuisstraat 12, 3000 Leuven is an address, not health", "[detect][address][health]")
{
    const auto findings = scan("Het gezin woont in de Ziekenhuisstraat 12, 3000 Leuven.");
    CHECK(fields_of(findings, FieldType::address).size() == 1);
    CHECK(pm::test::special_count(findings) == 0);
}

TEST_CASE("Belgian postal addresses with bus numbers and French streets are addresses", "[detect][address]")
{
    CHECK(fields_of(scan("Adres: Lange Nieuwstraat 112 bus 3, 2000 Antwerpen"), FieldType::address).size() == 1);
    CHECK(fields_of(scan("domicile rue de la Loi 16, 1000 Bruxelles"), FieldType::address).size() == 1);
    CHECK(fields_of(scan("Sint-Truidersteenweg 250\n3500 Hasselt"), FieldType::address).size() == 1);
    // A street without number and postcode is not an address.
    CHECK(fields_of(scan("We spreken af in de Kerkstraat."), FieldType::address).empty());
}

TEST_CASE("a date after a birth label is a birth date", "[detect][birth_date]")
{
    for (const char* text : { "Geboortedatum: 12/03/2019", "geboren op 12 maart 2019", "° 12.03.2019",
             "née le 12 mars 2019", "Date of birth: 2019-03-12", "DOB March 12, 2019", "Geboortedatum\t12-03-2019" }) {
        CAPTURE(text);
        CHECK(fields_of(scan(text), FieldType::birth_date).size() == 1);
    }
    CHECK(fields_of(scan("Geboortedatum: 12/03/2019"), FieldType::birth_date) == std::vector<std::string> { "**/**/2019" });
}

TEST_CASE("a date without a birth label is not a birth date", "[detect][birth_date]")
{
    const auto findings = scan("Het huisbezoek is gepland op 12/03/2019 om 10 uur.");
    CHECK(findings.empty());
    CHECK(fields_of(scan("Zij is geboren op 31/02/2019."), FieldType::birth_date).empty());
}
