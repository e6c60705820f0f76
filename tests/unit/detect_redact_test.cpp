// Redaction helpers: structure and a few characters kept, the rest starred.
#include "detect/redact.hpp"

#include <catch2/catch.hpp>

using namespace pm::detect;

TEST_CASE("redaction keeps the structure and a few characters", "[detect][redact]")
{
    CHECK(redact_national_number("85073012335") == "85.07.30-***.**");
    CHECK(redact_iban("BE68539007547034") == "BE68 **** **** 7034");
    CHECK(redact_iban("nl91abna0417164300") == "NL91 **** **** **43 00");
    CHECK(redact_id_card("591123456753") == "591-*******-**");
    CHECK(redact_keep_ends("0471/12.34.56", 4, 2) == "0471/**.**.56");
    CHECK(redact_email("jan.peeters@telenet.be") == "j**.*******@t******.be");
    CHECK(redact_words("Jan Peeters") == "J** P******");
    CHECK(redact_words("Élise 12") == "É**** **");
    CHECK(redact_words("abcdef", 3) == "a**…");
}
